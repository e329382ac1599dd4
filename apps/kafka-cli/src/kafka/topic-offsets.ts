import type { Admin } from 'kafkajs';
import { unknownTopic } from '../cli/cli.errors';

/** The offsets a partition holds: `low` is the first still stored, `high` the next to be written. */
export interface PartitionOffsets {
  partition: number;
  low: number;
  high: number;
}

/**
 * Fails with `CLI.UNKNOWN_TOPIC` unless `topic` exists. Checked through the topic list, never through a metadata
 * request for the topic itself, which a broker with auto-creation on would answer by creating it.
 */
export async function requireTopic(admin: Admin, topic: string): Promise<void> {
  if (!(await admin.listTopics()).includes(topic)) throw unknownTopic(topic);
}

/** Low and high offsets of every partition of an existing topic, by partition number. */
export async function topicOffsets(admin: Admin, topic: string): Promise<PartitionOffsets[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) })).sort((a, b) => a.partition - b.partition);
}
