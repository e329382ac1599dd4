/** Codes of the failures this lib raises itself. */
export type KafkaErrorCode =
  | 'KAFKA.INVALID_OPTIONS'
  | 'KAFKA.INVALID_HANDLER'
  | 'KAFKA.INVALID_MESSAGE'
  | 'KAFKA.INVALID_HEADERS'
  | 'KAFKA.INVALID_JSON'
  | 'KAFKA.MISSING_EVENT_ID'
  | 'KAFKA.NO_DATABASE'
  | 'KAFKA.STARTUP_FAILED'
  | 'KAFKA.NOT_A_DEAD_LETTER'
  | 'KAFKA.DEAD_LETTER_NOT_FOUND'
  | 'KAFKA.SEND_FAILED'
  | 'KAFKA.NO_LEADER';

/** An expected failure of this lib, with a string code and whether trying the same thing again may succeed. */
export class KafkaError extends Error {
  override readonly name = 'KafkaError';

  constructor(
    readonly code: KafkaErrorCode,
    message: string,
    readonly retriable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Whether a handler failure is worth another attempt: only an explicit `retriable === false` says no, so
 * unexpected errors (a dropped connection, a bug fixed by a redeploy) get the retry path.
 */
export function isRetriable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  return (error as { retriable?: unknown }).retriable !== false;
}

/** A short type name for logs and the `dlq-error-type` header: the error's code when it has one, else its name. */
export function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    if (error instanceof Error) return error.name;
  }
  return typeof error;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether Kafka answered `error` (or an error it wraps: kafkajs nests the broker's answer in `cause` or
 * `originalError` after its own retries) with one of the protocol error names in `types`.
 */
export function hasKafkaErrorType(error: unknown, types: readonly string[]): boolean {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const { type, cause, originalError } = current as { type?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof type === 'string' && types.includes(type)) return true;
    current = cause ?? originalError;
  }
  return false;
}

/**
 * Whether Kafka itself called `error` (or an error it wraps) retriable: a topic still being created
 * (UNKNOWN_TOPIC_OR_PARTITION), a leader being elected, a coordinator loading. Unlike {@link isRetriable}, an
 * error that says nothing is not.
 */
export function isTransientKafkaError(error: unknown): boolean {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const { retriable, cause, originalError } = current as { retriable?: unknown; cause?: unknown; originalError?: unknown };
    if (retriable === true) return true;
    current = cause ?? originalError;
  }
  return false;
}
