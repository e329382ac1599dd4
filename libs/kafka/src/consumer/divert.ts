import type { ConsumedBatch, OutgoingRecord } from '../client/client.ports';
import { errorMessage, hasKafkaErrorType } from '../kafka.errors';
import type { KafkaLogger } from '../kafka-logger';
import type { KafkaMetrics } from '../metrics/kafka-metrics';

const FIRST_DELAY_MS = 200;
/** Set on a retry or dead-letter copy written without its value because the value made it too large. */
export const VALUE_OMITTED_HEADER = 'dlq-value-omitted';
const MAX_DELAY_MS = 5000;

export interface DivertTarget {
  topic: string;
  record: OutgoingRecord;
  /** For metrics and logs: the handler's topic and group. */
  sourceTopic: string;
  group: string;
}

/**
 * Writes a failed message to a retry or dead-letter topic, trying again until it is acknowledged: the original
 * offset is only resolved after that, so a broker that refuses the write loses nothing. Returns false when the
 * consumer stops or loses the partition first (the message is then read again by whoever owns it next).
 * Heartbeats between tries so a long outage does not cost the group membership.
 */
export async function divert(
  target: DivertTarget,
  batch: ConsumedBatch,
  send: (topic: string, record: OutgoingRecord) => Promise<void>,
  context: { logger: KafkaLogger; metrics: KafkaMetrics; heartbeatIntervalMs: number },
): Promise<boolean> {
  let record = target.record;
  for (let attempt = 1; ; attempt++) {
    try {
      await send(target.topic, record);
      return true;
    } catch (error) {
      if (isTooLarge(error) && record.value !== null) {
        // The copy carries more headers than the original: at the size limit it no longer fits. Trying again would
        // hold the partition forever; the value stays readable at its original place (the headers say where).
        const bytes = Buffer.byteLength(record.value);
        context.logger.error(`A failed message is too large for ${target.topic}; writing it there without its value`, {
          topic: target.sourceTopic,
          group: target.group,
          partition: batch.partition,
          bytes,
        });
        record = {
          ...record,
          value: null,
          headers: { ...record.headers, [VALUE_OMITTED_HEADER]: `${bytes} bytes did not fit ${target.topic}; see the original topic, partition and offset` },
        };
        continue;
      }
      context.metrics.divertFailures.inc({ topic: target.sourceTopic, group: target.group });
      const delayMs = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (attempt - 1));
      context.logger.error(`Could not write a failed message to ${target.topic}; its offset stays uncommitted, trying again in ${delayMs} ms`, {
        topic: target.sourceTopic,
        group: target.group,
        partition: batch.partition,
        attempt,
        cause: errorMessage(error),
      });
      if (!(await pauseWhileOwned(batch, delayMs, context.heartbeatIntervalMs))) return false;
    }
  }
}

/** Waits `delayMs`, heartbeating; false as soon as the consumer stops or loses the partition. */
export async function pauseWhileOwned(batch: ConsumedBatch, delayMs: number, heartbeatIntervalMs: number): Promise<boolean> {
  const until = Date.now() + delayMs;
  while (Date.now() < until) {
    if (!batch.isRunning() || batch.isStale()) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(until - Date.now(), heartbeatIntervalMs)));
    await batch.heartbeat();
  }
  return batch.isRunning() && !batch.isStale();
}

/** The broker refused the record for its size (Kafka error MESSAGE_TOO_LARGE), directly or as a wrapped cause. */
function isTooLarge(error: unknown): boolean {
  return hasKafkaErrorType(error, ['MESSAGE_TOO_LARGE']);
}
