import { AsyncLocalStorage } from 'node:async_hooks';
import { DatabaseLogger } from './database';
import { DatabaseError } from './database.errors';

/**
 * Marks the async context of a transaction callback so the database can refuse to be used from inside it:
 * on PGlite's single connection that would deadlock, on PostgreSQL it would silently run outside the
 * transaction. Refusing on both keeps the engines interchangeable.
 */
export class TransactionGuard {
  private readonly storage = new AsyncLocalStorage<{ open: boolean }>();

  run<T>(fn: () => Promise<T>): Promise<T> {
    // `open` flips once the callback settles, so timers it started and that outlive it are not refused.
    const scope = { open: true };
    return this.storage.run(scope, fn).finally(() => {
      scope.open = false;
    });
  }

  assertOutside(operation: string): void {
    if (this.storage.getStore()?.open) {
      throw new DatabaseError('DATABASE.USED_INSIDE_TRANSACTION', `${operation}() was called on the database inside one of its own transactions; use the transaction handle`);
    }
  }
}

/** Runs afterCommit callbacks in registration order; a failing one is logged and does not stop the others. */
export function runAfterCommit(callbacks: readonly (() => void)[], logger: DatabaseLogger): void {
  for (const callback of callbacks) {
    try {
      callback();
    } catch (error) {
      logger.error('afterCommit callback failed', { error: errorMessage(error) });
    }
  }
}

/** Tracks whether a transaction or locked session handle may still be used. */
export class HandleState {
  private open = true;

  constructor(private readonly what: string) {}

  close(): void {
    this.open = false;
  }

  assertOpen(): void {
    if (!this.open) {
      throw new DatabaseError('DATABASE.TRANSACTION_CLOSED', `this ${this.what} has ended; its handle cannot run SQL`);
    }
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
