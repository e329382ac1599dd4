import { IsISO8601, IsObject, IsString, IsUUID, Matches } from 'class-validator';
import { Checks, IsPositiveInteger, IsText } from './field.decorators';

/**
 * What every event on the wire looks like. `version` is the version of `data`'s shape for this
 * `eventType`; the envelope itself is not versioned.
 */
export interface EventEnvelope<TType extends string = string, TVersion extends number = number, TData = unknown> {
  readonly eventId: string;
  readonly eventType: TType;
  readonly version: TVersion;
  /** ISO-8601 date-time with offset, e.g. `2025-01-31T12:00:00.000Z`. */
  readonly occurredAt: string;
  /** Carried unchanged through every event caused by the same request. */
  readonly correlationId: string;
  readonly data: TData;
}

const MAX_CORRELATION_ID_LENGTH = 200;
const MAX_EVENT_TYPE_LENGTH = 100;
/** ISO-8601 also allows a bare date or a local time; an event time needs both a time and an offset. */
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const OCCURRED_AT_MESSAGE = '$property must be an ISO-8601 date-time with offset, e.g. 2025-01-31T12:00:00.000Z';

/** Runtime schema of {@link EventEnvelope}; `data` is checked separately, against its type and version. */
export class EventEnvelopeSchema implements EventEnvelope {
  @IsUUID('all', { message: '$property must be a UUID' })
  eventId!: string;

  @IsText(MAX_EVENT_TYPE_LENGTH)
  eventType!: string;

  @IsPositiveInteger()
  version!: number;

  @Checks(
    IsString({ message: OCCURRED_AT_MESSAGE }),
    Matches(DATE_TIME_WITH_OFFSET, { message: OCCURRED_AT_MESSAGE }),
    // Rejects dates that match the pattern but do not exist, like 2025-02-30.
    IsISO8601({ strict: true, strictSeparator: true }, { message: OCCURRED_AT_MESSAGE }),
  )
  occurredAt!: string;

  @IsText(MAX_CORRELATION_ID_LENGTH)
  correlationId!: string;

  @IsObject({ message: '$property must be an object' })
  data!: unknown;
}
