import type { KafkaAdminPort, OutgoingRecord } from '../../client/client.ports';
import { DeadLetterHeaders } from '../../headers/delivery-headers';
import { errorMessage } from '../../kafka.errors';
import type { KafkaLogger } from '../../kafka-logger';
import { findUndecodableBatch, UndecodableBatch } from './batch-check';
import { fetchRawRecords } from './raw-fetch';

/** Headers of the dead letter of a batch no client could decode (besides the `dlq-*` of every dead letter). */
export const UndecodableHeaders = Object.freeze({
  FirstOffset: 'dlq-original-first-offset',
  LastOffset: 'dlq-original-last-offset',
  Raw: 'dlq-raw-batch',
});

export interface SkippedBatch extends UndecodableBatch {
  topic: string;
  partition: number;
}

export interface SkipContext {
  group: string;
  /** The topics the group reads, each with the dead-letter topic its skipped batches go to. */
  deadLetterTopicOf: (topic: string) => string | undefined;
  admin: KafkaAdminPort;
  send: (topic: string, record: OutgoingRecord) => Promise<void>;
  logger: KafkaLogger;
}

/**
 * Finds, on every partition where the group is behind, a batch at its position that no client can decode; writes
 * each to the dead-letter topic (the whole stored batch as the value, `dlq-raw-batch: true`) and commits the group
 * past it. Only a batch *at* the group's position is skipped: records before it are still delivered. Called with
 * the group's consumer stopped (the commit needs an empty group).
 */
export async function skipUndecodableBatches(context: SkipContext, topics: readonly string[], cause: unknown): Promise<SkippedBatch[]> {
  const skipped: SkippedBatch[] = [];
  for (const lag of await context.admin.laggingPartitions(context.group, topics)) {
    const dlq = context.deadLetterTopicOf(lag.topic);
    if (dlq === undefined) continue;
    const leader = await context.admin.leaderAddress(lag.topic, lag.partition);
    const position = BigInt(lag.committed);
    const bad = findUndecodableBatch(await fetchRawRecords(leader, lag.topic, lag.partition, position));
    if (bad === undefined || bad.baseOffset > position || bad.lastOffset < position) continue;
    const batch = { ...bad, topic: lag.topic, partition: lag.partition };
    await context.send(dlq, deadLetterOf(context.group, batch, cause));
    const next = (bad.lastOffset + 1n).toString();
    await context.admin.commitGroupOffset(context.group, lag.topic, lag.partition, next);
    context.logger.error(
      `Kafka group ${context.group} skipped an undecodable batch at ${lag.topic}[${lag.partition}] offsets ${bad.baseOffset}-${bad.lastOffset} (dead-lettered to ${dlq}): ${bad.reason}`,
      {
        group: context.group,
        topic: lag.topic,
        partition: lag.partition,
        firstOffset: bad.baseOffset.toString(),
        lastOffset: bad.lastOffset.toString(),
        reason: bad.reason,
        cause: errorMessage(cause),
      },
    );
    skipped.push(batch);
  }
  return skipped;
}

function deadLetterOf(group: string, batch: SkippedBatch, cause: unknown): OutgoingRecord {
  return {
    key: `${batch.topic}/${batch.partition}/${batch.baseOffset}`,
    value: batch.raw,
    headers: {
      [DeadLetterHeaders.OriginalTopic]: batch.topic,
      [DeadLetterHeaders.OriginalPartition]: String(batch.partition),
      [DeadLetterHeaders.OriginalOffset]: batch.baseOffset.toString(),
      [UndecodableHeaders.FirstOffset]: batch.baseOffset.toString(),
      [UndecodableHeaders.LastOffset]: batch.lastOffset.toString(),
      [UndecodableHeaders.Raw]: 'true',
      [DeadLetterHeaders.ConsumerGroup]: group,
      [DeadLetterHeaders.ErrorType]: 'UndecodableBatch',
      [DeadLetterHeaders.ErrorMessage]: `${batch.reason} (the client failed with: ${errorMessage(cause)})`.slice(0, 1000),
      [DeadLetterHeaders.Attempts]: '0',
    },
  };
}
