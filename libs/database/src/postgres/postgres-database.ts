import { Pool, PoolClient, QueryConfig, QueryResult as PgQueryResult } from 'pg';
import { advisoryLockKey } from '../advisory-lock-key';
import { Database, DatabaseLogger, LockOutcome, Queryable, QueryResult, Transaction } from '../database';
import { DatabaseError } from '../database.errors';
import { ResolvedDatabaseOptions } from '../database.options';
import { HandleState, runAfterCommit, TransactionGuard } from '../transaction-support';

/** Opens a pg pool whose connections all use `options.schema`, creating the schema if needed. */
export async function openPostgresDatabase(options: ResolvedDatabaseOptions): Promise<Database> {
  const { schema, logger } = options;
  const pool = new Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    // Awaited by the pool before it hands the connection out, so no query ever runs with another search_path.
    onConnect: async (client) => {
      await client.query(`SET search_path TO "${schema}"`);
    },
  });
  // Without a listener, an idle connection dropped by the server would crash the process.
  pool.on('error', (error) => logger.warn('idle PostgreSQL connection failed', { schema, error: error.message }));
  // The pool only listens while a connection is idle: one reset while checked out (in a transaction, holding a lock)
  // would emit 'error' with no listener and kill the process. Its query rejects too, and that is what callers see.
  pool.on('connect', (client) => {
    client.on('error', (error) => logger.warn('PostgreSQL connection failed while in use', { schema, error: error.message }));
  });
  try {
    await createSchema(pool, schema);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return new PostgresDatabase(pool, schema, logger);
}

async function createSchema(pool: Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    // Two instances starting together would otherwise race on CREATE SCHEMA IF NOT EXISTS (unique violation).
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [advisoryLockKey(`create-schema:${schema}`)]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    client.release(true);
    throw error;
  }
}

class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private readonly guard = new TransactionGuard();
  private closed = false;

  constructor(
    private readonly pool: Pool,
    readonly schema: string,
    private readonly logger: DatabaseLogger,
  ) {}

  async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    this.assertUsable('query');
    return runQuery<T>(this.pool, sql, params);
  }

  async exec(sql: string): Promise<void> {
    this.assertUsable('exec');
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.assertUsable('transaction');
    const client = await this.pool.connect();
    const callbacks: (() => void)[] = [];
    const state = new HandleState('transaction');
    const tx: Transaction = {
      ...clientQueryable(client, state),
      afterCommit: (callback) => {
        state.assertOpen();
        callbacks.push(callback);
      },
    };
    let value: T;
    try {
      await client.query('BEGIN');
      value = await this.guard.run(() => fn(tx));
      state.close();
      const commit = await client.query('COMMIT');
      // PostgreSQL answers COMMIT of a failed transaction with ROLLBACK instead of an error.
      if (commit.command === 'ROLLBACK') throw abortedError();
    } catch (error) {
      state.close();
      const healthy = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      client.release(!healthy);
      throw error;
    }
    client.release();
    runAfterCommit(callbacks, this.logger);
    return value;
  }

  async withLock<T>(name: string, fn: (session: Queryable) => Promise<T>, options: { wait?: boolean } = {}): Promise<LockOutcome<T>> {
    this.assertUsable('withLock');
    const key = advisoryLockKey(`${this.schema}:${name}`);
    const client = await this.pool.connect();
    let reusable = true;
    try {
      if (options.wait) {
        await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
      } else {
        const attempt = await client.query<{ acquired: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS acquired', [key]);
        if (!attempt.rows[0]?.acquired) return { acquired: false };
      }
      const state = new HandleState('locked session');
      try {
        return { acquired: true, value: await fn(clientQueryable(client, state)) };
      } catch (error) {
        // fn may have left the session mid-way (an open transaction, a SET); a fresh connection is cheaper than doubt.
        reusable = false;
        throw error;
      } finally {
        state.close();
        // If the unlock fails the connection is broken; discarding it ends the session, which releases the lock.
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => (reusable = false));
      }
    } catch (error) {
      reusable = false;
      throw error;
    } finally {
      client.release(!reusable);
    }
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private assertUsable(operation: string): void {
    if (this.closed) throw new DatabaseError('DATABASE.CLOSED', `${operation}() on a closed database (schema ${this.schema})`);
    this.guard.assertOutside(operation);
  }
}

function clientQueryable(client: PoolClient, state: HandleState): Queryable {
  return {
    query: async <T>(sql: string, params?: readonly unknown[]) => {
      state.assertOpen();
      return runQuery<T>(client, sql, params);
    },
    exec: async (sql: string) => {
      state.assertOpen();
      await client.query(sql);
    },
  };
}

/** Most distinct statements prepared by name; past it (SQL built with varying text), the rest run unnamed. */
const MAX_PREPARED = 500;
const preparedNames = new Map<string, string>();

/**
 * The name a statement is prepared under: pg prepares it once per connection and executes it by name after, so
 * PostgreSQL parses and plans each of our statements once per connection instead of at every call.
 */
function preparedName(sql: string): string | undefined {
  let name = preparedNames.get(sql);
  if (name === undefined && preparedNames.size < MAX_PREPARED) {
    name = `app_${preparedNames.size}`;
    preparedNames.set(sql, name);
  }
  return name;
}

async function runQuery<T>(target: Pool | PoolClient, sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
  // The extended protocol even without parameters, as on PGlite: one statement per query(), scripts go to exec().
  const config: QueryConfig & { queryMode: 'extended' } = { text: sql, values: [...params], queryMode: 'extended', name: preparedName(sql) };
  const result: PgQueryResult = await target.query(config);
  return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
}

function abortedError(): DatabaseError {
  return new DatabaseError('DATABASE.TRANSACTION_ABORTED', 'the transaction was rolled back instead of committed: a statement in it failed (and its error was caught)');
}
