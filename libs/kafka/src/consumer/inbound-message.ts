import { EventHeaders } from '../headers/event-headers';
import { KafkaError } from '../kafka.errors';

/** One message as a handler sees it. For a retried or redriven message, topic/partition/offset are the original's. */
export interface InboundMessage {
  /** The topic the handler subscribed to. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** Milliseconds since the epoch, of the original message. */
  readonly timestamp: number;
  /** The key as UTF-8 text; null when the message had none. */
  readonly key: string | null;
  readonly value: Buffer | null;
  /** Headers as strings, without the lib's `retry-*` bookkeeping (a dead letter's `dlq-*` headers stay). */
  readonly headers: Readonly<Record<string, string>>;
  /** 1 for the first delivery, 2 for the first retry, and so on (a redrive starts again at 1). */
  readonly attempt: number;
  readonly correlationId: string | undefined;
  readonly eventId: string | undefined;
  /** Where this delivery was read from: the topic itself, one of the group's retry topics or its redrive topic. */
  readonly deliveredFrom: { readonly topic: string; readonly partition: number; readonly offset: string };
}

/**
 * The value parsed as JSON. Bytes that are not JSON throw `KAFKA.INVALID_JSON` (not retriable: the same bytes
 * fail the same way), so the message goes to the dead-letter topic at once.
 */
export function parseJsonValue(message: InboundMessage): unknown {
  if (message.value === null) {
    throw new KafkaError('KAFKA.INVALID_JSON', `${message.topic}[${message.partition}]@${message.offset} has no value`);
  }
  try {
    return JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new KafkaError('KAFKA.INVALID_JSON', `${message.topic}[${message.partition}]@${message.offset} is not JSON: ${reason}`);
  }
}

export function eventIdOf(headers: Readonly<Record<string, string>>): string | undefined {
  const id = headers[EventHeaders.EventId];
  return id === undefined || id === '' ? undefined : id;
}

export function correlationIdOf(headers: Readonly<Record<string, string>>): string | undefined {
  const id = headers[EventHeaders.CorrelationId];
  return id === undefined || id === '' ? undefined : id;
}
