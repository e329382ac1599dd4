import { DeadLetterHeaders, deadLetterOrigin, integerHeader } from '@app/kafka/headers/delivery-headers';
import { deadLetterTopic, redriveTopic } from '@app/kafka/retry/retry-topics';
import { isoTime } from './record-view';

/** What the lib's `dlq-*` headers say about a dead letter; fields the headers lack are null. */
export interface DeadLetterInfo {
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: number | null;
  originalTimestamp: string | null;
  /** The consumer group that failed the message: the only one a redrive reaches. */
  group: string | null;
  errorType: string | null;
  errorMessage: string | null;
  attempts: number | null;
  /** Where a redrive writes it; null when the headers are not enough to redrive it (the lib would refuse). */
  redriveTopic: string | null;
}

/** Dead-letter topics are named by the lib; its suffix is what `deadLetterTopic` appends. */
export function isDeadLetterTopic(topic: string): boolean {
  const suffix = deadLetterTopic('');
  return topic.length > suffix.length && topic.endsWith(suffix);
}

/** Null when the record has no `dlq-*` header at all (not written by the lib's dead-lettering). */
export function deadLetterInfo(headers: Readonly<Record<string, string>>): DeadLetterInfo | null {
  if (!Object.values(DeadLetterHeaders).some((name) => headers[name] !== undefined)) return null;
  // The same parsing DeadLetterService.redrive applies, so "redrivable" here means the lib accepts it.
  const origin = deadLetterOrigin(headers);
  const group = headers[DeadLetterHeaders.ConsumerGroup] || null;
  const attempts = integerHeader(headers, DeadLetterHeaders.Attempts, -1);
  const partition = headers[DeadLetterHeaders.OriginalPartition];
  const offset = headers[DeadLetterHeaders.OriginalOffset];
  return {
    originalTopic: headers[DeadLetterHeaders.OriginalTopic] || null,
    originalPartition: origin?.partition ?? (partition !== undefined && /^\d+$/.test(partition) ? Number(partition) : null),
    originalOffset: origin ? Number(origin.offset) : offset !== undefined && /^\d+$/.test(offset) ? Number(offset) : null,
    originalTimestamp: origin ? isoTime(origin.timestamp) : null,
    group,
    errorType: headers[DeadLetterHeaders.ErrorType] ?? null,
    errorMessage: headers[DeadLetterHeaders.ErrorMessage] ?? null,
    attempts: attempts < 0 ? null : attempts,
    redriveTopic: origin && group ? redriveTopic(origin.topic, group) : null,
  };
}

/** `order-created[1]@7`, or `-` when the headers do not say. */
export function formatOrigin(info: Pick<DeadLetterInfo, 'originalTopic' | 'originalPartition' | 'originalOffset'> | null): string {
  if (!info?.originalTopic) return '-';
  return `${info.originalTopic}[${info.originalPartition ?? '?'}]@${info.originalOffset ?? '?'}`;
}
