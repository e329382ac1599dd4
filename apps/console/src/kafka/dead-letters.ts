import { createKafkajsClient } from '@app/kafka/client/kafkajs-client';
import { type DeadLetterMessage, DeadLetterService, type RedriveResult } from '@app/kafka/dead-letter/dead-letter.service';
import { DeadLetterHeaders, deadLetterOrigin, integerHeader } from '@app/kafka/headers/delivery-headers';
import type { KafkaLogger } from '@app/kafka/kafka-logger';
import { KafkaMetrics } from '@app/kafka/metrics/kafka-metrics';
import { resolveKafkaOptions } from '@app/kafka/options/resolve-kafka-options';
import { KafkaProducer } from '@app/kafka/producer/kafka-producer';
import { deadLetterTopic, redriveTopic } from '@app/kafka/retry/retry-topics';
import type { Admin } from 'kafkajs';
import { badRequest, notFound } from '../console.errors';
import type { GrouplessFetcher, RawRecord } from './groupless-fetcher';
import { headerStrings, type RecordView, toRecordView } from './record-view';
import { requireTopic } from './topics';

/** What the lib's `dlq-*` headers say about one dead letter; what they lack is null. */
export interface DeadLetterView extends RecordView {
  errorType: string | null;
  errorMessage: string | null;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  group: string | null;
  attempts: number | null;
  /** Where a redrive writes it (the failing group's redrive topic); null when the lib would refuse it. */
  redriveTopic: string | null;
}

export interface DeadLetterGroup {
  errorType: string;
  count: number;
  records: DeadLetterView[];
}

/** Of each partition of a dead-letter topic, this many newest records are shown. */
const SHOWN_PER_PARTITION = 500;

const silent: KafkaLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export function isDeadLetterTopic(topic: string): boolean {
  const suffix = deadLetterTopic('');
  return topic.length > suffix.length && topic.endsWith(suffix);
}

export async function deadLetterTopics(admin: Admin): Promise<{ topic: string; records: number }[]> {
  const topics = (await admin.listTopics()).filter(isDeadLetterTopic).sort();
  return Promise.all(topics.map(async (topic) => ({ topic, records: (await admin.fetchTopicOffsets(topic)).reduce((sum, r) => sum + Number(BigInt(r.high) - BigInt(r.low)), 0) })));
}

function toDeadLetterView(record: RawRecord): DeadLetterView {
  const headers = headerStrings(record.headers);
  const origin = deadLetterOrigin(headers);
  const group = headers[DeadLetterHeaders.ConsumerGroup] || null;
  const attempts = integerHeader(headers, DeadLetterHeaders.Attempts, -1);
  return {
    ...toRecordView(record),
    errorType: headers[DeadLetterHeaders.ErrorType] ?? null,
    errorMessage: headers[DeadLetterHeaders.ErrorMessage] ?? null,
    originalTopic: headers[DeadLetterHeaders.OriginalTopic] || null,
    originalPartition: origin?.partition ?? null,
    originalOffset: origin?.offset ?? headers[DeadLetterHeaders.OriginalOffset] ?? null,
    group,
    attempts: attempts < 0 ? null : attempts,
    redriveTopic: origin && group ? redriveTopic(origin.topic, group) : null,
  };
}

async function readDeadLetters(admin: Admin, fetcher: GrouplessFetcher, topic: string): Promise<{ raw: RawRecord; view: DeadLetterView }[]> {
  if (!isDeadLetterTopic(topic)) throw notFound(`${topic} is not a dead-letter topic (those end in ${deadLetterTopic('')})`);
  await requireTopic(admin, topic);
  const ranges = await admin.fetchTopicOffsets(topic);
  const read = await Promise.all(
    ranges.map((r) => {
      const high = BigInt(r.high);
      const low = BigInt(r.low);
      const from = high - BigInt(SHOWN_PER_PARTITION) > low ? high - BigInt(SHOWN_PER_PARTITION) : low;
      return fetcher.read(topic, r.partition, from, high, SHOWN_PER_PARTITION);
    }),
  );
  return read.flat().map((raw) => ({ raw, view: toDeadLetterView(raw) }));
}

/** The dead letters of `topic` grouped by error type, most frequent first; records newest first. */
export async function deadLettersByError(admin: Admin, fetcher: GrouplessFetcher, topic: string): Promise<DeadLetterGroup[]> {
  const groups = new Map<string, DeadLetterView[]>();
  for (const { view } of await readDeadLetters(admin, fetcher, topic)) {
    const type = view.errorType ?? '(no error type)';
    groups.set(type, [...(groups.get(type) ?? []), view]);
  }
  return [...groups]
    .map(([errorType, records]) => ({ errorType, count: records.length, records: records.sort((a, b) => b.timestamp.localeCompare(a.timestamp)) }))
    .sort((a, b) => b.count - a.count || a.errorType.localeCompare(b.errorType));
}

export interface RedriveSelection {
  /** Records by place; or every record of `errorType` (every record when `all` without a type). */
  records?: { partition: number; offset: string }[];
  errorType?: string;
  all?: boolean;
}

export function parseRedriveSelection(body: unknown): RedriveSelection {
  const input = (body ?? {}) as Record<string, unknown>;
  if (Array.isArray(input.records)) {
    const records = input.records.map((r: unknown, i) => {
      const item = (r ?? {}) as Record<string, unknown>;
      const offset = String(item.offset ?? '');
      if (!Number.isInteger(item.partition) || !/^\d+$/.test(offset)) throw badRequest(`records[${i}]: {partition, offset}`);
      return { partition: item.partition as number, offset };
    });
    if (records.length === 0) throw badRequest('records: select at least one record');
    return { records };
  }
  if (input.all === true) return { all: true, errorType: typeof input.errorType === 'string' ? input.errorType : undefined };
  throw badRequest('give records: [{partition, offset}] or all: true (with an optional errorType)');
}

/**
 * Redrives dead letters through the lib's own {@link DeadLetterService}, as `npm run kafka -- dlq redrive` does:
 * each goes to the redrive topic of the one group that failed it, with a fresh set of retries.
 */
export class DeadLetterRedriver {
  private service?: Promise<{ deadLetters: DeadLetterService; producer: KafkaProducer }>;

  constructor(private readonly brokers: readonly string[]) {}

  async redrive(admin: Admin, fetcher: GrouplessFetcher, topic: string, selection: RedriveSelection): Promise<{ redriven: (RedriveResult & { partition: number; offset: string })[] }> {
    const all = await readDeadLetters(admin, fetcher, topic);
    const chosen = selection.records
      ? selection.records.map((wanted) => {
          const found = all.find((r) => r.view.partition === wanted.partition && r.view.offset === wanted.offset);
          if (found === undefined) throw notFound(`${topic}[${wanted.partition}]@${wanted.offset} is not a dead letter shown by the console`);
          return found;
        })
      : all.filter((r) => selection.errorType === undefined || (r.view.errorType ?? '(no error type)') === selection.errorType);
    const unredrivable = chosen.find((r) => r.view.redriveTopic === null);
    if (unredrivable) throw badRequest(`${topic}[${unredrivable.view.partition}]@${unredrivable.view.offset} lacks the dlq-* headers a redrive needs`);
    const { deadLetters } = await this.connected();
    const redriven = [];
    for (const { raw, view } of chosen) {
      const message: DeadLetterMessage = { key: raw.key, value: raw.value, headers: headerStrings(raw.headers) };
      redriven.push({ ...(await deadLetters.redrive(message)), partition: view.partition, offset: view.offset });
    }
    return { redriven };
  }

  async close(): Promise<void> {
    const service = this.service;
    this.service = undefined;
    const running = await service?.catch(() => undefined);
    await running?.deadLetters.onApplicationShutdown();
    await running?.producer.onApplicationShutdown();
  }

  private connected(): Promise<{ deadLetters: DeadLetterService; producer: KafkaProducer }> {
    this.service ??= (async () => {
      const options = resolveKafkaOptions({
        brokers: [...this.brokers],
        clientId: 'console-redrive',
        connectionTimeoutMs: 3000,
        requestRetries: 3,
        startupRetry: { attempts: 1 },
        logger: silent,
        clientLogLevel: 'nothing',
      });
      const client = createKafkajsClient(options);
      const producer = new KafkaProducer(options, client, new KafkaMetrics());
      await producer.onModuleInit();
      return { deadLetters: new DeadLetterService(client, producer), producer };
    })();
    const pending = this.service;
    pending.catch(() => {
      if (this.service === pending) this.service = undefined;
    });
    return pending;
  }
}
