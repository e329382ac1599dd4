/** Which engine a {@link Database} runs on; the SQL and its results are the same on both. */
export type DatabaseKind = 'postgres' | 'pglite';

/**
 * Rows of one statement. Both engines return bigint as string, bytea as Buffer, timestamptz as Date and
 * json/jsonb parsed, so callers never branch on the engine.
 */
export interface QueryResult<T> {
  rows: T[];
  /** Rows returned or changed by the statement; 0 for statements that report none (DDL). */
  rowCount: number;
}

/** Something that runs SQL: the database itself, a transaction, or a locked session. */
export interface Queryable {
  /** Runs one statement with `$1`-style parameters (the extended protocol: one statement only). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of one or more statements without parameters, e.g. a migration. */
  exec(sql: string): Promise<void>;
}

/** The handle a {@link Database.transaction} callback works through; unusable once the callback settles. */
export interface Transaction extends Queryable {
  /**
   * Registers `callback` to run right after COMMIT succeeds (never after a rollback), e.g. to wake the outbox
   * relay. Errors it throws are logged, never turned into a failed transaction: the data is already committed.
   */
  afterCommit(callback: () => void): void;
}

/** Result of {@link Database.withLock}: `acquired` is false only when `wait` was false and another holder had it. */
export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

/** A PostgreSQL database (pg pool) or embedded PGlite, confined to one schema. */
export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** The schema every connection uses as its search_path; tables are created there. */
  readonly schema: string;
  /**
   * Runs `fn` in a transaction: commits when it resolves, rolls back and rethrows when it rejects. Calling
   * `query`, `exec` or `transaction` on the database itself from inside `fn` fails with
   * `DATABASE.USED_INSIDE_TRANSACTION` (on single-connection PGlite it would deadlock): use `tx`.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` while holding the lock `name`, exclusive among every process using this database: a PostgreSQL
   * session advisory lock on a dedicated connection, which `session` queries through. PGlite belongs to one
   * process, so there it is an in-process lock and `session` is the database itself. With `wait: false`
   * (default) it returns `{ acquired: false }` at once when the lock is held elsewhere.
   */
  withLock<T>(name: string, fn: (session: Queryable) => Promise<T>, options?: { wait?: boolean }): Promise<LockOutcome<T>>;
  /** Resolves when the database answers a trivial query (readiness probe). */
  ping(): Promise<void>;
  /** Closes every connection; later calls fail with `DATABASE.CLOSED`. Idempotent. */
  close(): Promise<void>;
}

/** Where the lib reports what it cannot throw to a caller (a failing afterCommit callback, a failed publish). */
export interface DatabaseLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Writes to the console; the default so that errors are never silently dropped. */
export const consoleDatabaseLogger: DatabaseLogger = {
  warn: (message, fields) => console.warn(message, fields ?? {}),
  error: (message, fields) => console.error(message, fields ?? {}),
};

/** Drops everything; for tests that assert on stats instead. */
export const silentDatabaseLogger: DatabaseLogger = {
  warn: () => undefined,
  error: () => undefined,
};
