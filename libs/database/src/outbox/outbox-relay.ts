import { Database, Queryable } from '../database';
import { errorMessage } from '../transaction-support';
import { backoffDelay } from './backoff';
import { OutboxPublisher } from './outbox-message';
import { OutboxRelayOptions, ResolvedOutboxRelayOptions, resolveOutboxRelayOptions } from './outbox-relay.options';
import { countUnsent, markSent, purgeSent, selectUnsent, toOutboxMessage } from './outbox.repository';
import { WakeSignal } from './wake-signal';

/** Counters for metrics; `pending` is the last known number of unsent rows (refreshed about once a second). */
export interface OutboxRelayStats {
  /** Messages the publisher acknowledged (a batch retried after its rows failed to be marked counts twice). */
  published: number;
  /** Batches that failed (publish or database error) and were retried. */
  failures: number;
  pending: number;
}

/** Lock name shared by every relay of a schema: one publishes at a time, which keeps per-key order. */
const RELAY_LOCK = 'outbox-relay';
const PENDING_REFRESH_MS = 1000;

/** Why a turn ended: the relay is stopping, no work was at hand, its time ran out, or another instance holds the lock. */
type TurnEnd = 'stopping' | 'idle' | 'timed-out' | 'elsewhere';

interface Run {
  stopping: boolean;
  done: Promise<void>;
}

/**
 * Publishes committed outbox rows in id order, a batch at a time, marking them sent only after the publisher
 * acknowledged them: delivery is at least once (a crash between publish and mark repeats a batch), never lossy,
 * never reordered per key. Failed batches are retried with backoff from the same first row. Several instances on
 * one schema take turns through a lock, held for consecutive batches while there is work at hand (one relays at
 * a time; an instance whose batch fails releases it for the others).
 *
 * Per-key order follows id order, which is commit order for writers of one key that serialize on the same
 * business row (the usual case); rows of concurrent transactions are published when they commit, never skipped.
 */
export class OutboxRelay {
  private readonly options: ResolvedOutboxRelayOptions;
  private readonly signal = new WakeSignal();
  private readonly counters: OutboxRelayStats = { published: 0, failures: 0, pending: 0 };
  private current?: Run;
  private lastCountAt = Number.NEGATIVE_INFINITY;
  private lastPurgeAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Database,
    private readonly publisher: OutboxPublisher,
    options: OutboxRelayOptions = {},
  ) {
    this.options = resolveOutboxRelayOptions(options);
  }

  get stats(): OutboxRelayStats {
    return { ...this.counters };
  }

  get running(): boolean {
    return this.current !== undefined && !this.current.stopping;
  }

  /** Starts relaying in the background; a no-op when already running. */
  start(): void {
    if (this.running) return;
    const previous = this.current?.done ?? Promise.resolve();
    const run: Run = { stopping: false, done: Promise.resolve() };
    run.done = previous.then(() => this.loop(run));
    this.current = run;
  }

  /** Looks for rows now instead of at the next poll; call it from `tx.afterCommit` after enqueueing. */
  wake(): void {
    this.signal.wake();
  }

  /** Stops after the batch in flight has been published and marked (or has failed). */
  async stop(): Promise<void> {
    const run = this.current;
    if (!run) return;
    run.stopping = true;
    this.signal.halt();
    await run.done;
    if (this.current === run) this.current = undefined;
  }

  private async loop(run: Run): Promise<void> {
    this.signal.reset();
    let failedAttempts = 0;
    while (!run.stopping) {
      let turn: TurnEnd | undefined;
      try {
        turn = await this.relayTurn(run);
        failedAttempts = 0;
      } catch (error) {
        failedAttempts += 1;
        this.counters.failures += 1;
        this.options.logger.warn('outbox batch failed; it will be retried from its first row', {
          schema: this.db.schema,
          attempt: failedAttempts,
          error: errorMessage(error),
        });
      }
      if (failedAttempts > 0) {
        await this.housekeeping(undefined);
        const policy = { initialMs: this.options.retryInitialMs, maxMs: this.options.retryMaxMs };
        await this.signal.sleep(backoffDelay(failedAttempts, policy), false);
      } else if (turn === 'elsewhere') {
        await this.housekeeping(undefined);
        await this.signal.sleep(this.options.pollIntervalMs, true);
      } else if (turn === 'idle') {
        await this.signal.sleep(this.options.pollIntervalMs, true);
      }
      // After a turn that ran its time, take the lock again at once: rows are waiting.
    }
  }

  /**
   * One turn holding the lock: batch after batch while there is work at hand (the last batch was full, or
   * wake() came while it was published), for up to `lockTurnMs`. Under load the commits that wake the relay
   * come faster than a batch is published, so consecutive batches share the lock and its connection and a
   * batch is two statements (select, mark) instead of four with the lock taken and released around each. The
   * lock is released before the relay sleeps, so another instance (a second process, a cluster worker) woken
   * by its own commits takes it at once, as before. The turn ends early when the relay stops, and on any
   * error (which releases the lock, so another instance can take over while this one backs off).
   */
  private async relayTurn(run: Run): Promise<TurnEnd> {
    const outcome = await this.db.withLock(RELAY_LOCK, async (session): Promise<TurnEnd> => {
      const endsAt = Date.now() + this.options.lockTurnMs;
      while (!run.stopping) {
        const relayed = await this.relayBatch(session);
        await this.housekeeping(relayed);
        if (relayed < this.options.batchSize && !this.signal.takeWake()) return 'idle';
        if (Date.now() >= endsAt) return 'timed-out';
      }
      return 'stopping';
    });
    return outcome.acquired ? outcome.value : 'elsewhere';
  }

  /** Publishes one batch through the locked `session` and marks it sent; returns the row count. */
  private async relayBatch(session: Queryable): Promise<number> {
    const rows = await selectUnsent(session, this.options.batchSize);
    if (rows.length === 0) return 0;
    await this.publisher.publish(rows.map(toOutboxMessage));
    this.counters.published += rows.length;
    await markSent(
      session,
      rows.map((row) => row.id),
    );
    return rows.length;
  }

  /** The purge when due and the pending gauge; `relayed` as in {@link refreshPending}. */
  private async housekeeping(relayed: number | undefined): Promise<void> {
    await this.purgeIfDue();
    await this.refreshPending(relayed);
  }

  /** `relayed` is the size of the batch just published, undefined after a failure or when another relay had the lock. */
  private async refreshPending(relayed: number | undefined): Promise<void> {
    if (relayed !== undefined) {
      this.counters.pending = relayed < this.options.batchSize ? 0 : Math.max(0, this.counters.pending - relayed);
    }
    const now = Date.now();
    if (now - this.lastCountAt < PENDING_REFRESH_MS) return;
    this.lastCountAt = now;
    try {
      this.counters.pending = await countUnsent(this.db);
    } catch {
      // The next batch reports the database failure; a stale gauge is harmless meanwhile.
    }
  }

  private async purgeIfDue(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPurgeAt < this.options.purgeIntervalMs) return;
    this.lastPurgeAt = now;
    try {
      await purgeSent(this.db, this.options.retentionMs);
    } catch (error) {
      this.options.logger.warn('outbox purge failed', { schema: this.db.schema, error: errorMessage(error) });
    }
  }
}
