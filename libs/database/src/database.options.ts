import { consoleDatabaseLogger, DatabaseLogger } from './database';
import { DatabaseError } from './database.errors';

/** How to open a {@link Database}: PostgreSQL when `url` is given, embedded PGlite otherwise. */
export interface DatabaseOptions {
  /** The schema this service owns (lower-case identifier); created if missing and used as search_path. */
  schema: string;
  /** `postgres://` connection URL. Give either this or `dataDir`, not both. */
  url?: string;
  /** PGlite data directory (created if missing); PGlite keeps everything in memory when neither is given. */
  dataDir?: string;
  /** PostgreSQL pool size; default 10. */
  poolSize?: number;
  /** How long to wait for a PostgreSQL connection before failing; default 10 000 ms. */
  connectTimeoutMs?: number;
  logger?: DatabaseLogger;
}

export interface ResolvedDatabaseOptions {
  readonly schema: string;
  readonly url?: string;
  readonly dataDir?: string;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  readonly logger: DatabaseLogger;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws `DATABASE.INVALID_OPTIONS` unless `value` is a plain lower-case SQL identifier safe to splice into SQL. */
export function assertIdentifier(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw invalid(`${what} must match ${IDENTIFIER} (a lower-case SQL identifier), got ${JSON.stringify(value)}`);
  }
  if (value.startsWith('pg_')) throw invalid(`${what} must not start with pg_ (reserved by PostgreSQL)`);
}

/** Validates `options` once and returns a frozen copy with defaults filled in. */
export function resolveDatabaseOptions(options: DatabaseOptions): ResolvedDatabaseOptions {
  assertIdentifier(options.schema, 'schema');
  if (options.url !== undefined && !/^postgres(ql)?:\/\//.test(options.url)) {
    throw invalid('url must be a postgres:// or postgresql:// connection URL');
  }
  if (options.dataDir !== undefined && (typeof options.dataDir !== 'string' || options.dataDir.trim() === '')) {
    throw invalid('dataDir must be a non-empty path');
  }
  if (options.url !== undefined && options.dataDir !== undefined) {
    throw invalid('give either url (PostgreSQL) or dataDir (PGlite), not both');
  }
  const poolSize = positiveInteger(options.poolSize, 10, 'poolSize');
  const connectTimeoutMs = positiveInteger(options.connectTimeoutMs, 10_000, 'connectTimeoutMs');
  return Object.freeze({
    schema: options.schema,
    url: options.url,
    dataDir: options.dataDir,
    poolSize,
    connectTimeoutMs,
    logger: options.logger ?? consoleDatabaseLogger,
  });
}

function positiveInteger(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw invalid(`${what} must be a positive integer, got ${value}`);
  return value;
}

function invalid(message: string): DatabaseError {
  return new DatabaseError('DATABASE.INVALID_OPTIONS', message);
}
