import { randomBytes } from 'node:crypto';
import { IHeaders, logLevel } from 'kafkajs';
import { createKafkajs } from '@app/kafka/client/kafkajs-codecs';
import { waitFor } from './child-process';
import { withAdmin } from './topics';
import { poisonMarkerOf } from './poison-messages';

/** A record with its headers as text, as the dead-letter check reads it. */
export interface HeaderedRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** One dead-lettered copy of a poison record: which group parked it, and why. */
export interface PoisonDeadLetter {
  readonly marker: string;
  readonly group: string | undefined;
  readonly errorType: string | undefined;
  readonly errorMessage: string | undefined;
  readonly attempts: string | undefined;
  readonly originalTopic: string | undefined;
}

/** Every record of `topics` up to their high watermarks now, with headers, read in a throw-away group. */
export async function readTopicsWithHeaders(bootstrapServers: string, topics: readonly string[], timeoutMs = 60_000): Promise<HeaderedRecord[]> {
  const remaining = new Map<string, number>();
  await withAdmin(bootstrapServers, async (admin) => {
    for (const topic of topics) {
      for (const end of await admin.fetchTopicOffsets(topic)) {
        if (Number(end.high) > Number(end.low)) remaining.set(`${topic}/${end.partition}`, Number(end.high));
      }
    }
  });
  const records: HeaderedRecord[] = [];
  if (remaining.size === 0) return records;
  const kafka = createKafkajs({ clientId: `chaos-poison-${randomBytes(3).toString('hex')}`, brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `chaos-poison-reader-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 100, maxBytes: 20 * 1024 * 1024 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const place = `${topic}/${partition}`;
        const end = remaining.get(place);
        if (end === undefined || Number(message.offset) >= end) return;
        records.push({ topic, key: message.key?.toString('utf8') ?? null, headers: textHeaders(message.headers) });
        if (Number(message.offset) >= end - 1) remaining.delete(place);
      },
    });
    await waitFor(() => (remaining.size === 0 ? true : undefined), `reading ${topics.join(', ')} to the end (${records.length} records so far)`, timeoutMs, 50);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** The poison copies among `records` (records without a marker, e.g. a good order's, are left out). */
export function poisonDeadLetters(records: readonly HeaderedRecord[]): PoisonDeadLetter[] {
  const found: PoisonDeadLetter[] = [];
  for (const { key, headers } of records) {
    const marker = poisonMarkerOf(key, headers);
    if (marker === undefined) continue;
    found.push({
      marker,
      group: headers['dlq-consumer-group'],
      errorType: headers['dlq-error-type'],
      errorMessage: headers['dlq-error-message'],
      attempts: headers['dlq-attempts'],
      originalTopic: headers['dlq-original-topic'],
    });
  }
  return found;
}

/** Topics of `topic`'s retry levels of any group (`<topic>.<group>.retry.<n>`) that exist on the broker. */
export async function retryTopicsOf(bootstrapServers: string, topic: string): Promise<string[]> {
  const prefix = `${topic}.`;
  return withAdmin(bootstrapServers, async (admin) => (await admin.listTopics()).filter((name) => name.startsWith(prefix) && /\.retry\.\d+$/.test(name)));
}

/** How many records `topic` holds now. */
export async function recordCount(bootstrapServers: string, topic: string): Promise<number> {
  return withAdmin(bootstrapServers, async (admin) => {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
  });
}

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) text[name] = first.toString();
  }
  return text;
}
