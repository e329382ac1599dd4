import { consoleDatabaseLogger, DatabaseLogger } from '../database';
import { DatabaseError } from '../database.errors';

/** Tuning of an {@link OutboxRelay}; every field is optional. */
export interface OutboxRelayOptions {
  /** Rows per publish call; default 500. */
  batchSize?: number;
  /** How often to look for rows nobody woke the relay for (another instance, a crash); default 250 ms. */
  pollIntervalMs?: number;
  /** First retry delay after a failed batch; default 100 ms, doubling up to `retryMaxMs`. */
  retryInitialMs?: number;
  /** Longest retry delay; default 10 000 ms. */
  retryMaxMs?: number;
  /** Sent rows older than this are deleted; default 24 h. 0 deletes them at the next purge. */
  retentionMs?: number;
  /** How often to purge; default 60 000 ms. */
  purgeIntervalMs?: number;
  /**
   * Longest a relay keeps the lock, and its connection, for batch after batch while work is at hand, before
   * releasing it and taking it again; default 1000 ms. It is released anyway before the relay sleeps, on an
   * error, and on stop().
   */
  lockTurnMs?: number;
  logger?: DatabaseLogger;
}

export interface ResolvedOutboxRelayOptions {
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
  readonly retentionMs: number;
  readonly purgeIntervalMs: number;
  readonly lockTurnMs: number;
  readonly logger: DatabaseLogger;
}

/** Validates once, at construction, and returns a frozen copy with defaults. */
export function resolveOutboxRelayOptions(options: OutboxRelayOptions): ResolvedOutboxRelayOptions {
  const resolved = {
    batchSize: integer(options.batchSize, 500, 'batchSize', 1, 10_000),
    pollIntervalMs: integer(options.pollIntervalMs, 250, 'pollIntervalMs', 1),
    retryInitialMs: integer(options.retryInitialMs, 100, 'retryInitialMs', 1),
    retryMaxMs: integer(options.retryMaxMs, 10_000, 'retryMaxMs', 1),
    retentionMs: integer(options.retentionMs, 24 * 60 * 60 * 1000, 'retentionMs', 0),
    purgeIntervalMs: integer(options.purgeIntervalMs, 60_000, 'purgeIntervalMs', 1),
    lockTurnMs: integer(options.lockTurnMs, 1000, 'lockTurnMs', 1),
    logger: options.logger ?? consoleDatabaseLogger,
  };
  if (resolved.retryMaxMs < resolved.retryInitialMs) {
    throw invalid(`retryMaxMs (${resolved.retryMaxMs}) must be at least retryInitialMs (${resolved.retryInitialMs})`);
  }
  return Object.freeze(resolved);
}

function integer(value: number | undefined, fallback: number, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${what} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function invalid(message: string): DatabaseError {
  return new DatabaseError('OUTBOX.INVALID_OPTIONS', message);
}
