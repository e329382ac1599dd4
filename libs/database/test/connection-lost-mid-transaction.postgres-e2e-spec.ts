import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { Client } from 'pg';
import { Database, isDatabaseUnavailableError, openDatabase, silentDatabaseLogger } from '../src';
import { describeOnPostgres, parsePostgresUrl, postgresSocketTarget, postgresTestUrl } from './postgres-only';
import { eventually, uniqueSchema } from './test-database';

// About pg's pool, so only on PostgreSQL (`npm run test:postgres`).
const SERVER_URL = parsePostgresUrl(postgresTestUrl ?? 'postgres://postgres@127.0.0.1:5432/test');

/** A TCP proxy in front of PostgreSQL whose open connections can be reset, as a network failure would. */
async function startProxy(): Promise<{ port: number; resetAll(): void; close(): Promise<void> }> {
  // Only the pool's side is TCP (a unix socket upstream cannot be reset): resetting it is what pg sees.
  const clients = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket().connect(postgresSocketTarget(SERVER_URL));
    clients.add(client);
    client.on('close', () => {
      clients.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
    for (const socket of [client, upstream]) socket.on('error', () => undefined);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    resetAll: () => clients.forEach((s) => s.resetAndDestroy()),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describeOnPostgres('a PostgreSQL connection lost in the middle of a transaction', "it resets pg's connections", () => {
  const schema = uniqueSchema('lost');
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let db: Database;

  beforeAll(async () => {
    proxy = await startProxy();
    const url = new URL(SERVER_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    url.searchParams.delete('host');
    db = await openDatabase({ url: url.toString(), schema, logger: silentDatabaseLogger, connectTimeoutMs: 2000 });
  });

  afterAll(async () => {
    await db.close();
    await proxy.close();
    const admin = new Client({ connectionString: postgresTestUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('fails that transaction as "database unavailable", keeps the process alive, and the next one works', async () => {
    const crashes: unknown[] = [];
    const onUncaught = (error: unknown) => crashes.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const running = db.transaction(async (tx) => {
        await tx.query('SELECT 1');
        await tx.query('SELECT pg_sleep(10)');
      });
      // The connection is checked out (inside the transaction) when it is reset: pg emits 'error' on the client.
      await new Promise((resolve) => setTimeout(resolve, 300));
      proxy.resetAll();
      const failure = await running.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeDefined();
      expect(isDatabaseUnavailableError(failure)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(crashes).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    const answer = await eventually(async () => (await db.query<{ one: number }>('SELECT 1 AS one').catch(() => undefined))?.rows[0], 'a query after the reset');
    expect(answer).toEqual({ one: 1 });
  });
});
