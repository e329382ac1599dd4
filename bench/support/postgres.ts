import { Client } from 'pg';

/** Names the bench may create: `bench_` prefix, lower case, so a drop can never hit someone else's database. */
const BENCH_DATABASE = /^bench_[a-z0-9_]{1,50}$/;

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database named `bench_<suffix>_<random>` on the server; returns its URL. */
export async function createBenchDatabase(serverUrl: string, suffix: string): Promise<{ name: string; url: string }> {
  const name = `bench_${suffix}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
  if (!BENCH_DATABASE.test(name)) throw new Error(`not a bench database name: ${name}`);
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  return { name, url: withDatabase(serverUrl, name) };
}

/** Drops a database made by createBenchDatabase, closing what is still connected to it. */
export async function dropBenchDatabase(serverUrl: string, name: string): Promise<void> {
  if (!BENCH_DATABASE.test(name)) throw new Error(`refusing to drop ${name}: not a bench database`);
  await onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** `PostgreSQL 15.x ...`, for the report's machine facts. */
export async function postgresVersion(serverUrl: string): Promise<string> {
  return onServer(serverUrl, async (client) => (await client.query<{ version: string }>('SELECT version()')).rows[0].version);
}

/** Runs one query against a database URL and returns its rows (for reading timestamps after a run). */
export async function queryDatabase<R extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * The server processes serving connections to `database` right now, named `postgres`, so a CPU window can charge
 * the database's work to the run (background writers and other users' sessions are not counted).
 */
export async function postgresBackends(serverUrl: string, database: string): Promise<{ name: string; pid: number }[]> {
  const rows = await queryDatabase<{ pid: number }>(withDatabase(serverUrl, 'postgres'), 'SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
  return rows.map((row) => ({ name: 'postgres', pid: row.pid }));
}

/**
 * Keeps the list of `database`'s backends fresh (polled every second), for CPU windows that open synchronously:
 * connections a pool opens during a run are counted from the next poll on.
 */
export class PostgresBackendWatch {
  private backends: { name: string; pid: number }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly serverUrl: string,
    private readonly database: string,
  ) {}

  async start(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), 1000);
  }

  current(): readonly { name: string; pid: number }[] {
    return this.backends;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    this.backends = await postgresBackends(this.serverUrl, this.database).catch(() => this.backends);
  }
}
