import { plainToInstance } from 'class-transformer';
import { validateSync, ValidatorOptions } from 'class-validator';
import { EventEnvelope, EventEnvelopeSchema } from './envelope';
import { dataSchemaOf, EventType, isEventType, knownVersionsOf } from './event-catalog';
import { EventOf } from './event-types';
import { InvalidEventCode, InvalidEventContext, InvalidEventError } from './invalid-event.error';
import { DEFAULT_MAX_EVENT_BYTES, EventBytes, parseEventJson } from './safe-json';
import { FieldProblem, fieldProblems, summarize } from './validation-problems';

export interface DecodeEventOptions {
  /** Payloads larger than this are rejected before parsing. Default {@link DEFAULT_MAX_EVENT_BYTES}. */
  readonly maxBytes?: number;
}

const STRICT: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: true,
  validationError: { target: false, value: true },
};

/** Only short strings are echoed into errors, which end up in logs and dead-letter headers. */
const MAX_CONTEXT_LENGTH = 200;

/**
 * Parses and validates an incoming payload as one of `expected` event types. Returns the event as
 * plain JSON data typed by its type and version; anything else throws {@link InvalidEventError}
 * (never retriable). Unknown versions are rejected too: a consumer cannot act on a shape it does not know.
 */
export function decodeEvent<T extends EventType>(expected: T | readonly T[], bytes: EventBytes, options: DecodeEventOptions = {}): EventOf<T> {
  const expectedTypes: readonly string[] = typeof expected === 'string' ? [expected] : expected;
  assertExpectedTypes(expectedTypes);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_EVENT_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new RangeError(`decodeEvent: maxBytes must be a positive integer, got ${maxBytes}`);
  }

  const envelope = validateEnvelope(parseEventJson(bytes, maxBytes));
  const { eventType, version } = envelope;
  const context = contextOf(envelope);
  if (!expectedTypes.includes(eventType) || !isEventType(eventType)) {
    const known = isEventType(eventType) ? 'is not expected here' : 'is not a known event type';
    const message = `eventType ${quote(eventType)} ${known} (expected ${expectedTypes.join(' or ')})`;
    throw new InvalidEventError('EVENT.UNKNOWN_TYPE', message, ['eventType'], context);
  }
  const schema = dataSchemaOf(eventType, version);
  if (schema === undefined) {
    const known = knownVersionsOf(eventType).join(', ');
    const message = `${eventType} version ${version} is not known to this consumer (known: ${known})`;
    throw new InvalidEventError('EVENT.UNKNOWN_VERSION', message, ['version'], context);
  }
  const errors = validateSync(plainToInstance(schema, envelope.data), STRICT);
  if (errors.length > 0) {
    fail('EVENT.INVALID_DATA', `${eventType} v${version}: `, fieldProblems(errors, 'data'), context);
  }
  // Validated above against the schema registered for this type and version.
  return envelope as EventOf<T>;
}

function assertExpectedTypes(expectedTypes: readonly string[]): void {
  const unknown = expectedTypes.filter((type) => !isEventType(type));
  if (expectedTypes.length === 0 || unknown.length > 0) {
    throw new TypeError(`decodeEvent: expected event types must be known, got [${expectedTypes.join(', ')}]`);
  }
}

function validateEnvelope(json: unknown): EventEnvelope {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidEventError('EVENT.INVALID_ENVELOPE', 'payload must be a JSON object');
  }
  const errors = validateSync(plainToInstance(EventEnvelopeSchema, json), STRICT);
  if (errors.length > 0) {
    fail('EVENT.INVALID_ENVELOPE', 'invalid envelope: ', fieldProblems(errors, ''), contextOf(json));
  }
  return json as EventEnvelope;
}

function fail(code: InvalidEventCode, prefix: string, problems: readonly FieldProblem[], context: InvalidEventContext): never {
  const { message, fields } = summarize(problems);
  throw new InvalidEventError(code, prefix + message, fields, context);
}

function contextOf(json: object): InvalidEventContext {
  const { eventType, version, eventId, correlationId } = json as Record<string, unknown>;
  return {
    ...(isShortString(eventType) && { eventType }),
    ...(Number.isSafeInteger(version) && { version: version as number }),
    ...(isShortString(eventId) && { eventId }),
    ...(isShortString(correlationId) && { correlationId }),
  };
}

function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_CONTEXT_LENGTH;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
}
