/** Codes of the failures this lib raises itself; SQL errors from the engine pass through with their SQLSTATE. */
export type DatabaseErrorCode =
  | 'DATABASE.INVALID_OPTIONS'
  | 'DATABASE.CLOSED'
  | 'DATABASE.TRANSACTION_ABORTED'
  | 'DATABASE.TRANSACTION_CLOSED'
  | 'DATABASE.USED_INSIDE_TRANSACTION'
  | 'DATABASE.INVALID_MIGRATIONS'
  | 'DATABASE.MIGRATION_FAILED'
  | 'OUTBOX.INVALID_MESSAGE'
  | 'OUTBOX.INVALID_OPTIONS';

/** An expected failure of this lib, with a string code and whether retrying the same call may succeed. */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';

  constructor(
    readonly code: DatabaseErrorCode,
    message: string,
    readonly retriable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// SQLSTATE classes/codes where the same statement can succeed later: connection loss, serialization and deadlock
// aborts, lock timeouts, resource exhaustion, admin shutdown.
const TRANSIENT_SQLSTATE_PREFIXES = ['08', '53', '57P'];
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03']);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether `error` (from a query, a transaction or this lib) is worth retrying: a `DatabaseError` says so itself,
 * engine errors are judged by SQLSTATE, network errors by their Node code.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (error instanceof DatabaseError) return error.retriable;
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') {
    // pg reports a connection dropped mid-query as a plain Error without a code.
    return error instanceof Error && /Connection terminated/i.test(error.message);
  }
  if (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATES.has(code)) return true;
  return code.length === 5 && TRANSIENT_SQLSTATE_PREFIXES.some((prefix) => code.startsWith(prefix));
}
