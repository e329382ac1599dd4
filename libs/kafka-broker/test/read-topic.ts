import type { Kafka } from 'kafkajs';
import { eventually, uniqueName } from './helpers';

export interface ReadRecord {
  partition: number;
  offset: string;
  value: string;
}

/**
 * Reads a topic from the beginning with a kafkajs consumer of a fresh group until at least
 * `count` records arrived; returns every record received, in arrival order. kafkajs consumers
 * are read_committed unless `readUncommitted` is set.
 */
export async function readTopic(kafka: Kafka, topic: string, count: number, opts: { readUncommitted?: boolean } = {}): Promise<ReadRecord[]> {
  // A short long-poll: disconnect() waits for the fetch in flight.
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), readUncommitted: opts.readUncommitted ?? false, maxWaitTimeInMs: 100 });
  const seen: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        seen.push({ partition, offset: message.offset, value: message.value?.toString() ?? '' });
      },
    });
    await eventually(() => (seen.length >= count ? true : undefined), 20_000, `${count} records of ${topic}`);
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
