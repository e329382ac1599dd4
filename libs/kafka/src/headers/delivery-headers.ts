import { errorMessage, errorType } from '../kafka.errors';

/** Where a message was first consumed from; kept through retries so the dead letter names its true origin. */
export interface MessageOrigin {
  topic: string;
  partition: number;
  offset: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

/** Headers the lib adds to messages in a group's retry and redrive topics. */
export const RetryHeaders = Object.freeze({
  Attempt: 'retry-attempt',
  DueAt: 'retry-due-at',
  OriginalTopic: 'retry-original-topic',
  OriginalPartition: 'retry-original-partition',
  OriginalOffset: 'retry-original-offset',
  OriginalTimestamp: 'retry-original-timestamp',
  ErrorType: 'retry-error-type',
  ErrorMessage: 'retry-error-message',
});

/** Headers of a message in `<topic>-dlq`, besides the original ones. */
export const DeadLetterHeaders = Object.freeze({
  OriginalTopic: 'dlq-original-topic',
  OriginalPartition: 'dlq-original-partition',
  OriginalOffset: 'dlq-original-offset',
  OriginalTimestamp: 'dlq-original-timestamp',
  ConsumerGroup: 'dlq-consumer-group',
  ErrorType: 'dlq-error-type',
  ErrorMessage: 'dlq-error-message',
  Attempts: 'dlq-attempts',
});

/** Error messages end up in headers and logs; a stack-sized message would bloat every copy. */
const MAX_ERROR_MESSAGE_LENGTH = 1000;

/** Headers without the retry bookkeeping (`retry-*`), which belongs to one trip through a group's retry topics. */
export function withoutRetryHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return filterHeaders(headers, (name) => !name.startsWith('retry-'));
}

/** What the producer wrote: without the lib's `retry-*` and `dlq-*` headers. */
export function applicationHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return filterHeaders(headers, (name) => !name.startsWith('retry-') && !name.startsWith('dlq-'));
}

function filterHeaders(headers: Readonly<Record<string, string>>, keep: (name: string) => boolean): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (keep(name)) kept[name] = value;
  return kept;
}

export function retryHeaders(headers: Readonly<Record<string, string>>, origin: MessageOrigin, next: { attempt: number; dueAt: number; error?: unknown }): Record<string, string> {
  // dlq-* headers stay: a message read from a dead-letter topic keeps them through its own retries.
  const result: Record<string, string> = {
    ...withoutRetryHeaders(headers),
    [RetryHeaders.Attempt]: String(next.attempt),
    [RetryHeaders.DueAt]: String(next.dueAt),
    [RetryHeaders.OriginalTopic]: origin.topic,
    [RetryHeaders.OriginalPartition]: String(origin.partition),
    [RetryHeaders.OriginalOffset]: origin.offset,
    [RetryHeaders.OriginalTimestamp]: String(origin.timestamp),
  };
  if (next.error !== undefined) {
    result[RetryHeaders.ErrorType] = errorType(next.error);
    result[RetryHeaders.ErrorMessage] = truncate(errorMessage(next.error));
  }
  return result;
}

export function deadLetterHeaders(headers: Readonly<Record<string, string>>, origin: MessageOrigin, failure: { group: string; error: unknown; attempts: number }): Record<string, string> {
  return {
    ...withoutRetryHeaders(headers),
    [DeadLetterHeaders.OriginalTopic]: origin.topic,
    [DeadLetterHeaders.OriginalPartition]: String(origin.partition),
    [DeadLetterHeaders.OriginalOffset]: origin.offset,
    [DeadLetterHeaders.OriginalTimestamp]: String(origin.timestamp),
    [DeadLetterHeaders.ConsumerGroup]: failure.group,
    [DeadLetterHeaders.ErrorType]: errorType(failure.error),
    [DeadLetterHeaders.ErrorMessage]: truncate(errorMessage(failure.error)),
    [DeadLetterHeaders.Attempts]: String(failure.attempts),
  };
}

/** The origin recorded in retry headers, or undefined when the message did not come through a retry topic. */
export function retryOrigin(headers: Readonly<Record<string, string>>): MessageOrigin | undefined {
  return parseOrigin(headers, RetryHeaders.OriginalTopic, RetryHeaders.OriginalPartition, RetryHeaders.OriginalOffset, RetryHeaders.OriginalTimestamp);
}

/** The origin recorded in dead-letter headers, or undefined when they are missing or malformed. */
export function deadLetterOrigin(headers: Readonly<Record<string, string>>): MessageOrigin | undefined {
  return parseOrigin(headers, DeadLetterHeaders.OriginalTopic, DeadLetterHeaders.OriginalPartition, DeadLetterHeaders.OriginalOffset, DeadLetterHeaders.OriginalTimestamp);
}

/** A positive integer header, or `fallback` when absent or malformed. */
export function integerHeader(headers: Readonly<Record<string, string>>, name: string, fallback: number): number {
  const raw = headers[name];
  if (raw === undefined || !/^\d{1,15}$/.test(raw)) return fallback;
  return Number(raw);
}

function parseOrigin(headers: Readonly<Record<string, string>>, topicName: string, partitionName: string, offsetName: string, timestampName: string): MessageOrigin | undefined {
  const topic = headers[topicName];
  const partition = headers[partitionName];
  const offset = headers[offsetName];
  const timestamp = headers[timestampName];
  if (!topic || !/^\d+$/.test(partition ?? '') || !/^\d+$/.test(offset ?? '') || !/^-?\d+$/.test(timestamp ?? '')) return undefined;
  return { topic, partition: Number(partition), offset, timestamp: Number(timestamp) };
}

function truncate(text: string): string {
  return text.length <= MAX_ERROR_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…`;
}
