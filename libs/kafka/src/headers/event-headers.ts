import { correlationContext } from '../correlation/correlation-context';
import { KafkaError } from '../kafka.errors';

/** Header names every event message carries. */
export const EventHeaders = Object.freeze({
  EventId: 'event-id',
  EventType: 'event-type',
  EventVersion: 'event-version',
  CorrelationId: 'correlation-id',
  ContentType: 'content-type',
});

export interface EventHeaderFields {
  eventId: string;
  eventType: string;
  eventVersion: number;
  /** Default: the current {@link correlationContext} id, else `eventId` (the event starts a new chain). */
  correlationId?: string;
  /** More headers; they cannot replace the standard ones. */
  extra?: Readonly<Record<string, string>>;
}

/** The standard headers of an event message (`event-id`, `event-type`, `event-version`, `correlation-id`, `content-type`). */
export function buildEventHeaders(fields: EventHeaderFields): Record<string, string> {
  const { eventId, eventType, eventVersion } = fields;
  requireText(eventId, 'eventId');
  requireText(eventType, 'eventType');
  if (!Number.isSafeInteger(eventVersion) || eventVersion < 1) {
    throw new KafkaError('KAFKA.INVALID_HEADERS', `eventVersion must be a positive integer, got ${eventVersion}`);
  }
  const correlationId = fields.correlationId ?? correlationContext.get() ?? eventId;
  requireText(correlationId, 'correlationId');
  return {
    ...fields.extra,
    [EventHeaders.EventId]: eventId,
    [EventHeaders.EventType]: eventType,
    [EventHeaders.EventVersion]: String(eventVersion),
    [EventHeaders.CorrelationId]: correlationId,
    [EventHeaders.ContentType]: 'application/json',
  };
}

function requireText(value: unknown, what: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new KafkaError('KAFKA.INVALID_HEADERS', `${what} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
}
