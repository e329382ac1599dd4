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

// Connection exceptions (08), operator intervention such as admin shutdown (57P), and cannot-connect-now (57P03).
const UNAVAILABLE_SQLSTATE_PREFIXES = ['08', '57P'];

/**
 * Whether `error` says the database cannot be reached right now (refused, reset, timed out connecting, shutting
 * down), as opposed to a statement that failed: every request needing the database fails the same way until it is
 * back, so callers answer "unavailable, try later" (HTTP 503) rather than treating it as a bug.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  // Duck-typed: errors of Node's net module are not `instanceof Error` in another realm (Jest's sandbox).
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (cause !== undefined && isDatabaseUnavailableError(cause)) return true;
  if (typeof code === 'string') {
    return TRANSIENT_NODE_CODES.has(code) || (code.length === 5 && UNAVAILABLE_SQLSTATE_PREFIXES.some((prefix) => code.startsWith(prefix)));
  }
  // pg reports these without a code: a connection dropped mid-query, and no connection within connectTimeoutMs.
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect/i.test(message);
}
