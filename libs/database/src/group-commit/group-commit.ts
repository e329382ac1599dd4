import { DatabaseError } from '../database.errors';

/** Tuning of a {@link GroupCommit}; every field is optional. */
export interface GroupCommitOptions<I> {
  /** Most items written by one `write` call; default 200. */
  maxBatchSize?: number;
  /** Most `write` calls running at once; items submitted meanwhile wait and form the next batch. Default 2. */
  maxConcurrentBatches?: number;
  /**
   * Items with the same key never share a batch: the later one waits for a later batch (e.g. two requests with
   * one idempotency key, which one multi-row statement could not tell apart). Undefined keys never collide.
   */
  keyOf?: (item: I) => string | undefined;
}

/** Writes `items` in one transaction and returns one result per item, in order; throws when the transaction fails. */
export type GroupWrite<I, O> = (items: readonly I[]) => Promise<readonly O[]>;

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: gathers items submitted concurrently and writes them with one `write` call (one transaction,
 * multi-row statements), so N concurrent requests cost one commit and a handful of round trips instead of N.
 * No timer delays a lone item: a batch starts on the next turn of the event loop when a slot is free, and
 * while every slot is busy the queue grows into the next batch, so batches are as large as the load makes them.
 * When a batch of several items fails, each item is written again alone: a bad item fails only its own caller.
 */
export class GroupCommit<I, O> {
  private readonly maxBatchSize: number;
  private readonly maxConcurrentBatches: number;
  private readonly keyOf: (item: I) => string | undefined;
  private readonly queue: Pending<I, O>[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly write: GroupWrite<I, O>,
    options: GroupCommitOptions<I> = {},
  ) {
    this.maxBatchSize = positiveInteger(options.maxBatchSize, 200, 'maxBatchSize');
    this.maxConcurrentBatches = positiveInteger(options.maxConcurrentBatches, 2, 'maxConcurrentBatches');
    this.keyOf = options.keyOf ?? (() => undefined);
  }

  /** Resolves with this item's result once its batch committed; rejects with the error of its own write. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.maxConcurrentBatches || this.queue.length === 0) return;
    this.scheduled = true;
    // setImmediate lets the requests already read from the sockets in this turn join the batch.
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.maxConcurrentBatches && this.queue.length > 0) void this.run(this.takeBatch());
    });
  }

  private takeBatch(): Pending<I, O>[] {
    const batch: Pending<I, O>[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < this.queue.length && batch.length < this.maxBatchSize;) {
      const key = this.keyOf(this.queue[i].item);
      if (key !== undefined && keys.has(key)) {
        i += 1;
        continue;
      }
      if (key !== undefined) keys.add(key);
      batch.push(...this.queue.splice(i, 1));
    }
    return batch;
  }

  private async run(batch: Pending<I, O>[]): Promise<void> {
    this.running += 1;
    try {
      await this.writeBatch(batch);
    } finally {
      this.running -= 1;
      this.schedule();
    }
  }

  private async writeBatch(batch: Pending<I, O>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((p) => p.item));
      if (results.length !== batch.length) {
        throw new DatabaseError('DATABASE.INVALID_OPTIONS', `group write returned ${results.length} results for ${batch.length} items`);
      }
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      // One bad item must not fail the others: retry each in its own transaction (rare, so not batched).
      await Promise.all(batch.map((p) => this.writeBatch([p])));
    }
  }
}

function positiveInteger(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new DatabaseError('DATABASE.INVALID_OPTIONS', `${what} must be a positive integer, got ${value}`);
  return value;
}
