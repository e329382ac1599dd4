import { randomBytes } from 'node:crypto';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { Topics } from '@app/contracts';
import { waitFor } from './child-process';

export const BUSINESS_TOPICS = [Topics.OrderCreated, Topics.PaymentProcessed, Topics.PaymentFailed] as const;

/** A record as the verification reads it. */
export interface TopicRecord {
  readonly partition: number;
  readonly key: string | null;
  readonly value: string | null;
}

function client(bootstrapServers: string): Kafka {
  return new Kafka({ clientId: `chaos-${randomBytes(3).toString('hex')}`, brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
}

export async function withAdmin<T>(bootstrapServers: string, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = client(bootstrapServers).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Creates the three business topics with `partitions` partitions, as `npm start` does. */
export async function createBusinessTopics(bootstrapServers: string, partitions = 6): Promise<void> {
  await withAdmin(bootstrapServers, (admin) =>
    admin.createTopics({ waitForLeaders: true, topics: BUSINESS_TOPICS.map((topic) => ({ topic, numPartitions: partitions })) }),
  );
}

/** Topics whose name ends in `-dlq`, with how many records each holds. */
export async function deadLetterCounts(bootstrapServers: string): Promise<Map<string, number>> {
  return withAdmin(bootstrapServers, async (admin) => {
    const counts = new Map<string, number>();
    for (const topic of (await admin.listTopics()).filter((name) => name.endsWith('-dlq'))) {
      const offsets = await admin.fetchTopicOffsets(topic);
      counts.set(topic, offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0));
    }
    return counts;
  });
}

/** Every record `topic` holds now (up to its high watermarks when called), read in a throw-away group. */
export async function readWholeTopic(bootstrapServers: string, topic: string, timeoutMs = 60_000): Promise<TopicRecord[]> {
  const kafka = client(bootstrapServers);
  const ends = await withAdmin(bootstrapServers, (admin) => admin.fetchTopicOffsets(topic));
  const remaining = new Map(ends.filter((end) => Number(end.high) > Number(end.low)).map((end) => [end.partition, Number(end.high)]));
  const records: TopicRecord[] = [];
  if (remaining.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `chaos-reader-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 100, maxBytes: 10 * 1024 * 1024 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const end = remaining.get(partition);
        if (end === undefined || Number(message.offset) >= end) return;
        records.push({ partition, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null });
        if (Number(message.offset) >= end - 1) remaining.delete(partition);
      },
    });
    await waitFor(() => (remaining.size === 0 ? true : undefined), `reading ${topic} to its end (${records.length} records so far)`, timeoutMs, 50);
  } finally {
    await consumer.disconnect();
  }
  return records;
}
