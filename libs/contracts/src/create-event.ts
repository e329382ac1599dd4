import { randomUUID } from 'node:crypto';
import { EventEnvelope } from './envelope';
import { EVENT_CATALOG, EventType } from './event-catalog';
import { CurrentVersion, EventData } from './event-types';
import { decodeEvent } from './decode-event';
import { InvalidEventError } from './invalid-event.error';

export interface CreateEventOptions {
  /** Copied from the request or event that caused this one. */
  readonly correlationId: string;
  /** Default: a new random UUID. Pass one to make re-creating the same event idempotent. */
  readonly eventId?: string;
  /** Default: now. */
  readonly occurredAt?: Date | string;
}

/** An event as producers write it: the current version of its type. */
export type NewEvent<T extends EventType> = EventEnvelope<T, CurrentVersion<T>, EventData<T>>;

/**
 * Builds the envelope for `data` at the type's current version. The result is what consumers will
 * decode (it goes through {@link decodeEvent}), so an invalid event throws here, in the producer,
 * with {@link InvalidEventError}. The caller's `data` is copied, not kept.
 */
export function createEvent<T extends EventType>(type: T, data: EventData<T>, options: CreateEventOptions): NewEvent<T> {
  const envelope = createUncheckedEvent(type, data, options);
  let json: string;
  try {
    json = JSON.stringify(envelope);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidEventError('EVENT.INVALID_DATA', `${type} data cannot be written as JSON: ${reason}`);
  }
  // decodeEvent accepted it as `type`, and we wrote the current version.
  return decodeEvent(type, json) as NewEvent<T>;
}

/**
 * Builds the envelope as {@link createEvent} does, without checking it and keeping `data` as given. For hot paths
 * only, whose `data` is mapped from input already validated at the edge (a request DTO) by code whose output a
 * test decodes with {@link decodeEvent}: the check costs more than the rest of building an order. Consumers
 * still validate every event they read.
 */
export function createUncheckedEvent<T extends EventType>(type: T, data: EventData<T>, options: CreateEventOptions): NewEvent<T> {
  return {
    eventId: options.eventId ?? randomUUID(),
    eventType: type,
    version: EVENT_CATALOG[type].current,
    occurredAt: toTimestamp(options.occurredAt ?? new Date()),
    correlationId: options.correlationId,
    data,
  };
}

/** UTF-8 JSON bytes for a Kafka message value. */
export function encodeEvent(event: EventEnvelope): Buffer {
  return Buffer.from(JSON.stringify(event), 'utf8');
}

/** An invalid Date is passed on as text so the envelope check reports it instead of toISOString throwing. */
function toTimestamp(occurredAt: Date | string): string {
  if (typeof occurredAt === 'string') return occurredAt;
  return Number.isNaN(occurredAt.getTime()) ? 'Invalid Date' : occurredAt.toISOString();
}
