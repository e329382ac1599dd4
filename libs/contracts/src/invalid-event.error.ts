export type InvalidEventCode = 'EVENT.INVALID_JSON' | 'EVENT.INVALID_ENVELOPE' | 'EVENT.UNKNOWN_TYPE' | 'EVENT.UNKNOWN_VERSION' | 'EVENT.INVALID_DATA';

/** What is known about the event when it was rejected, for logs and dead-letter headers. */
export interface InvalidEventContext {
  readonly eventType?: string;
  readonly version?: number;
  readonly eventId?: string;
  readonly correlationId?: string;
}

/**
 * A payload that does not match the contracts. Never retriable: the same bytes fail the same way,
 * so consumers send it straight to the dead-letter topic.
 */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  readonly retriable = false;

  constructor(
    readonly code: InvalidEventCode,
    message: string,
    /** Dotted paths of the fields at fault (`data.items[0].quantity`); empty when the whole payload is. */
    readonly fields: readonly string[] = [],
    readonly context: InvalidEventContext = {},
  ) {
    super(message);
  }
}
