import type { Kafka } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { subscribeWhenCreated } from './test-broker';

/** A record as a test reads it back. */
export interface ReadRecord {
  partition: number;
  offset: string;
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** Reads `topic` from the start with `kafka` until `count` records have arrived (in a throw-away group). */
export async function readTopicWith(kafka: Kafka, topic: string, count: number, timeoutMs: number): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 100 });
  const records: ReadRecord[] = [];
  try {
    await consumer.connect();
    await subscribeWhenCreated(consumer, [topic]);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${records.length} of ${count} records of ${topic} in ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
            records.push({
              partition,
              offset: message.offset,
              timestamp: Number(message.timestamp),
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers,
            });
            if (records.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
