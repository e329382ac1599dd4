import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { CliError } from '../cli/cli.errors';
import type { KafkaSession } from './kafka-session';
import { requireTopic, topicOffsets } from './topic-offsets';

/** Offsets `from` (inclusive) to `to` (exclusive) of one partition. */
export interface ReadRange {
  topic: string;
  partition: number;
  from: number;
  to: number;
}

export interface ReadMessage {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Reads the records of `ranges`, sorted by topic, partition and offset. kafkajs reads only through consumer
 * groups, so this joins a throw-away group (seeking each range's start, pausing every other partition) and deletes
 * it afterwards; nothing is committed. A range is done once a batch reaches its end, so offsets that hold no
 * record (transaction markers, compacted records) do not keep it waiting.
 */
export async function readRanges(session: KafkaSession, ranges: readonly ReadRange[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ReadMessage[]> {
  const wanted = new Map(ranges.filter((r) => r.from < r.to).map((r) => [partitionKey(r.topic, r.partition), r]));
  if (wanted.size === 0) return [];
  const groupId = `${session.settings.clientId}.read.${randomUUID()}`;
  const consumer = session.kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  const reached = new Map<string, number>();
  const found = new Map<string, ReadMessage>();
  try {
    await session.connect(consumer);
    await consumer.subscribe({ topics: [...new Set([...wanted.values()].map((r) => r.topic))], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(readTimeout(found.size, wanted, timeoutMs)), timeoutMs);
      const reach = (topic: string, partition: number, offset: number): void => {
        const key = partitionKey(topic, partition);
        reached.set(key, Math.max(reached.get(key) ?? -1, offset));
        if ([...wanted].every(([k, range]) => (reached.get(k) ?? -1) >= range.to - 1)) {
          clearTimeout(timer);
          resolve();
        }
      };
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        for (const range of wanted.values()) consumer.seek({ topic: range.topic, partition: range.partition, offset: String(range.from) });
        for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
          const idle = partitions.filter((p) => !wanted.has(partitionKey(topic, p)));
          if (idle.length > 0) consumer.pause([{ topic, partitions: idle }]);
        }
      });
      // Also sent for batches holding only control records, which eachBatch never sees.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => reach(payload.topic, payload.partition, Number(payload.lastOffset)));
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const range = wanted.get(partitionKey(batch.topic, batch.partition));
            if (range === undefined) return;
            for (const message of batch.messages) {
              const offset = Number(message.offset);
              if (offset >= range.from && offset < range.to)
                found.set(`${partitionKey(batch.topic, batch.partition)}@${offset}`, { topic: batch.topic, partition: batch.partition, message });
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await session
      .admin()
      .then((admin) => admin.deleteGroups([groupId]))
      .catch(() => undefined);
  }
  return [...found.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || Number(a.message.offset) - Number(b.message.offset));
}

/** The one record at `topic[partition]@offset`; `CLI.NOT_FOUND` (saying what the partition holds) when there is none. */
export async function readRecordAt(session: KafkaSession, topic: string, partition: number, offset: number): Promise<ReadMessage> {
  const admin = await session.admin();
  await requireTopic(admin, topic);
  const range = (await topicOffsets(admin, topic)).find((p) => p.partition === partition);
  const where = `${topic}[${partition}]@${offset}`;
  if (range === undefined) throw new CliError('CLI.NOT_FOUND', `${where} does not exist: ${topic} has no partition ${partition}`);
  if (offset < range.low || offset >= range.high) {
    const held = range.low === range.high ? 'the partition is empty' : `it holds offsets ${range.low} to ${range.high - 1}`;
    throw new CliError('CLI.NOT_FOUND', `${where} does not exist: ${held}`);
  }
  const [found] = await readRanges(session, [{ topic, partition, from: offset, to: offset + 1 }]);
  if (found === undefined) throw new CliError('CLI.NOT_FOUND', `${where} holds no record (a transaction marker, or compacted away)`);
  return found;
}

function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

function readTimeout(count: number, wanted: ReadonlyMap<string, ReadRange>, timeoutMs: number): CliError {
  const what = [...wanted.values()].map((r) => `${r.topic}[${r.partition}] ${r.from}-${r.to - 1}`).join(', ');
  return new CliError('CLI.READ_TIMEOUT', `read ${count} records of ${what} within ${timeoutMs} ms`);
}
