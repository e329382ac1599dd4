import type { PGlite, Results, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Database, DatabaseLogger, LockOutcome, Queryable, QueryResult, Transaction } from '../database';
import { DatabaseError } from '../database.errors';
import { ResolvedDatabaseOptions } from '../database.options';
import { LocalLocks } from '../local-locks';
import { HandleState, runAfterCommit, TransactionGuard } from '../transaction-support';
import { createPglite } from './fresh-pglite';
import { loadPglite } from './load-pglite';
import { RealmBridge } from './realm-bridge';

const { PGlite: PGliteClass, TransactionAbortedError, types } = loadPglite();
const bridge = new RealmBridge(PGliteClass);

// What pg returns by default, so results do not depend on the engine: bigint as string (no precision loss),
// bytea as Buffer. PGlite's array parsers use these for the element type too.
const PARSERS = {
  [types.INT8]: (text: string) => text,
  [types.BYTEA]: (text: string) => Buffer.from(text.slice(2), 'hex'),
};

/** Opens embedded PGlite (on disk in `dataDir`, else in memory) with `options.schema` as its search_path. */
export async function openPgliteDatabase(options: ResolvedDatabaseOptions): Promise<Database> {
  let dataDir: string | undefined;
  if (options.dataDir !== undefined) {
    dataDir = resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
  }
  const pg = await createPglite({ dataDir, parsers: PARSERS });
  try {
    // One connection, so setting search_path once covers every later query.
    await pg.exec(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"; SET search_path TO "${options.schema}"`);
  } catch (error) {
    await pg.close().catch(() => undefined);
    throw bridge.error(error);
  }
  return new PgliteDatabase(pg, options.schema, options.logger);
}

/**
 * PGlite is a single connection. Its own mutex queues every query and transaction, so concurrent callers never
 * interleave statements; the guard turns the one way to deadlock it (using the database inside its own
 * transaction) into an error.
 */
class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private readonly guard = new TransactionGuard();
  private readonly locks = new LocalLocks();
  private closed = false;

  constructor(
    private readonly pg: PGlite,
    readonly schema: string,
    private readonly logger: DatabaseLogger,
  ) {}

  async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    this.assertUsable('query');
    return runQuery<T>(this.pg, sql, params);
  }

  async exec(sql: string): Promise<void> {
    this.assertUsable('exec');
    await runExec(this.pg, sql);
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.assertUsable('transaction');
    const callbacks: (() => void)[] = [];
    let value: T;
    try {
      value = await this.pg.transaction(async (raw) => {
        const state = new HandleState('transaction');
        const tx: Transaction = {
          ...transactionQueryable(raw, state),
          afterCommit: (callback) => {
            state.assertOpen();
            callbacks.push(callback);
          },
        };
        try {
          return await this.guard.run(() => fn(tx));
        } finally {
          state.close();
        }
      });
    } catch (error) {
      if (error instanceof TransactionAbortedError) {
        throw new DatabaseError('DATABASE.TRANSACTION_ABORTED', 'the transaction was rolled back instead of committed: a statement in it failed (and its error was caught)', false, {
          cause: bridge.error(error),
        });
      }
      throw bridge.error(error);
    }
    runAfterCommit(callbacks, this.logger);
    return value;
  }

  async withLock<T>(name: string, fn: (session: Queryable) => Promise<T>, options: { wait?: boolean } = {}): Promise<LockOutcome<T>> {
    this.assertUsable('withLock');
    return this.locks.run(name, options.wait ?? false, () => fn(this));
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pg.close();
  }

  private assertUsable(operation: string): void {
    if (this.closed) throw new DatabaseError('DATABASE.CLOSED', `${operation}() on a closed database (schema ${this.schema})`);
    this.guard.assertOutside(operation);
  }
}

function transactionQueryable(raw: PgliteTransaction, state: HandleState): Queryable {
  return {
    query: async <T>(sql: string, params?: readonly unknown[]) => {
      state.assertOpen();
      return runQuery<T>(raw, sql, params);
    },
    exec: async (sql: string) => {
      state.assertOpen();
      await runExec(raw, sql);
    },
  };
}

async function runQuery<T>(target: PGlite | PgliteTransaction, sql: string, params: readonly unknown[] | undefined): Promise<QueryResult<T>> {
  let result: Results<T>;
  try {
    result = await target.query<T>(sql, bridge.params(params));
  } catch (error) {
    throw bridge.error(error);
  }
  return { rows: bridge.rows(result.rows), rowCount: result.rowCount ?? result.affectedRows ?? 0 };
}

async function runExec(target: PGlite | PgliteTransaction, sql: string): Promise<void> {
  try {
    await target.exec(sql);
  } catch (error) {
    throw bridge.error(error);
  }
}
