import { randomBytes } from 'node:crypto';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { createKafkajs } from '@app/kafka/client/kafkajs-codecs';
import { Topics } from '@app/contracts';
import { findUndecodableBatch } from '@app/kafka/consumer/undecodable/batch-check';
import { fetchRawRecords } from '@app/kafka/consumer/undecodable/raw-fetch';
import { waitFor } from './child-process';

export const BUSINESS_TOPICS = [Topics.OrderCreated, Topics.PaymentProcessed, Topics.PaymentFailed] as const;

/** A record as the verification reads it. */
export interface TopicRecord {
  readonly partition: number;
  readonly key: string | null;
  readonly value: string | null;
}

function client(bootstrapServers: string): Kafka {
  return createKafkajs({
    clientId: `chaos-${randomBytes(3).toString('hex')}`,
    brokers: bootstrapServers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100 },
  });
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
  await withAdmin(bootstrapServers, (admin) => admin.createTopics({ waitForLeaders: true, topics: BUSINESS_TOPICS.map((topic) => ({ topic, numPartitions: partitions })) }));
}

/** Topics whose name ends in `-dlq`, with how many records each holds. */
export async function deadLetterCounts(bootstrapServers: string): Promise<Map<string, number>> {
  return withAdmin(bootstrapServers, async (admin) => {
    const counts = new Map<string, number>();
    for (const topic of (await admin.listTopics()).filter((name) => name.endsWith('-dlq'))) {
      const offsets = await admin.fetchTopicOffsets(topic);
      counts.set(
        topic,
        offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0),
      );
    }
    return counts;
  });
}

/**
 * Every record `topic` holds now (up to its high watermarks when called), read in throw-away groups. A batch no
 * client can decode (the malformed-batch scenario writes some) crashes the reader: it is passed over, as the
 * services' consumers do, and the reading goes on from after it.
 */
export async function readWholeTopic(bootstrapServers: string, topic: string, timeoutMs = 60_000): Promise<TopicRecord[]> {
  const kafka = client(bootstrapServers);
  const ends = await withAdmin(bootstrapServers, (admin) => admin.fetchTopicOffsets(topic));
  const remaining = new Map(ends.filter((end) => Number(end.high) > Number(end.low)).map((end) => [end.partition, Number(end.high)]));
  const next = new Map(ends.map((end) => [end.partition, BigInt(end.low)]));
  const records: TopicRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  // After a crash with the bad batch further on than the reading position, fetch one batch at a time: kafkajs fails
  // a whole fetch response, so the good records before the bad batch only arrive when fetched on their own.
  let careful = false;
  while (remaining.size > 0) {
    if (Date.now() > deadline) throw new Error(`could not read ${topic} to its end in ${timeoutMs} ms (${records.length} records read)`);
    if (!(await readUntilCrash(kafka, topic, { remaining, next, records }, deadline, careful))) break;
    let passedOver = false;
    for (const partition of remaining.keys()) {
      const position = next.get(partition) ?? 0n;
      const bad = findUndecodableBatch(await fetchRawRecords(bootstrapServers.split(',')[0], topic, partition, position));
      if (bad !== undefined && bad.baseOffset <= position && position <= bad.lastOffset) {
        next.set(partition, bad.lastOffset + 1n);
        passedOver = true;
        if (Number(bad.lastOffset) >= (remaining.get(partition) ?? 0) - 1) remaining.delete(partition);
      }
    }
    careful = !passedOver;
  }
  return records;
}

interface ReadState {
  readonly remaining: Map<number, number>;
  readonly next: Map<number, bigint>;
  readonly records: TopicRecord[];
}

/** Reads from `next` until every partition is at its end (false) or the client crashes (true). */
async function readUntilCrash(kafka: Kafka, topic: string, state: ReadState, deadline: number, careful: boolean): Promise<boolean> {
  const { remaining, next, records } = state;
  const consumer = kafka.consumer({
    groupId: `chaos-reader-${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 100,
    maxBytes: 10 * 1024 * 1024,
    ...(careful ? { maxBytesPerPartition: 1 } : {}),
    retry: { retries: 0, restartOnFailure: async () => false },
  });
  let crashed = false;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    consumer.on(consumer.events.CRASH, () => {
      crashed = true;
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const [partition, offset] of next) consumer.seek({ topic, partition, offset: offset.toString() });
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const end = remaining.get(partition);
        if (end === undefined || Number(message.offset) >= end || BigInt(message.offset) < (next.get(partition) ?? 0n)) return;
        records.push({ partition, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null });
        next.set(partition, BigInt(message.offset) + 1n);
        if (Number(message.offset) >= end - 1) remaining.delete(partition);
      },
    });
    await waitFor(() => (remaining.size === 0 || crashed ? true : undefined), `reading ${topic} to its end (${records.length} records so far)`, Math.max(1000, deadline - Date.now()), 50);
    return crashed && remaining.size > 0;
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}
