import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { eventually, testDatabaseUrl, uniqueId } from '../support/service-test-kit';
import { onApacheKafka } from '../support/test-broker';
import { orderRequest, settledOrder, userId } from './support/orders';

const REPO_ROOT = resolve(__dirname, '../..');
/** In the Apache tier, `npm start -- --kafka apache`: the same system on an Apache Kafka node the script starts. */
const KAFKA_ARGS = onApacheKafka ? ['--kafka', 'apache'] : [];
const KAFKA_STOPPED = onApacheKafka ? 'Apache Kafka stopped' : 'embedded broker stopped';
/** What the test sets itself rather than inherit from its own environment. */
const OWN_SETTINGS = /^(PORT|HOST|DATA_DIR|DATABASE_URL|LOG_LEVEL|PAYMENT_INSTANCES|START_.*|KAFKA_.*|GATEWAY_.*|.*_SERVICE_PORT|.*_SERVICE_EXTRA_PORT|CONSOLE_.*)$/;

/**
 * A port nobody listens on, below the ephemeral range (32768 and up on Linux): the script binds it seconds later,
 * and meanwhile any outgoing connection on the machine may take a free ephemeral port as its local port.
 */
const picked = new Set<number>();
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (picked.has(port)) continue;
    picked.add(port);
    const free = await new Promise<boolean>((resolvePort) => {
      const server = createServer();
      server.once('error', () => resolvePort(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
    });
    if (free) return port;
  }
}

/** `npm start` as it runs: scripts/start.ts through ts-node, its output collected. */
function startScript(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null>; hasExited: () => boolean } {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWN_SETTINGS.test(name)));
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/start.ts', ...KAFKA_ARGS], {
    cwd: REPO_ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  let done = false;
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => ((done = true), resolveExit(code))));
  return { child, output: () => text, exited, hasExited: () => done };
}

/** A database of the test's own on the TEST_DATABASE_URL server (the services use fixed schema names). */
async function withOwnDatabase<T>(run: (url: string | undefined) => Promise<T>): Promise<T> {
  if (!testDatabaseUrl) return run(undefined);
  const name = uniqueId('start_e2e');
  const admin = new Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  try {
    const url = new URL(testDatabaseUrl);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

describe('npm start', () => {
  it('runs the broker and the four services until SIGINT, pays an order, and keeps it across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'npm-start-e2e-'));
    try {
      await withOwnDatabase(async (databaseUrl) => {
        const env: Record<string, string> = {
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          KAFKA_BROKER_PORT: String(await freePort()),
          ORDER_SERVICE_PORT: String(await freePort()),
          PAYMENT_SERVICE_PORT: String(await freePort()),
          NOTIFICATION_SERVICE_PORT: String(await freePort()),
          ANALYTICS_SERVICE_PORT: String(await freePort()),
          CONSOLE_PORT: String(await freePort()),
          ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
        };
        const orderApi = `http://127.0.0.1:${env.ORDER_SERVICE_PORT}`;
        const get = async (path: string) => {
          const response = await fetch(`${orderApi}${path}`);
          return { status: response.status, body: await response.json() };
        };
        /** Runs the script until ready, then `during`, then sends SIGINT `interrupts` times in a row. */
        const run = async (during: (output: () => string) => Promise<void>, interrupts = 1): Promise<string> => {
          const started = startScript(env);
          try {
            const ready = () => {
              if (started.hasExited()) throw new Error('npm start exited before it was ready');
              return started.output().includes('Ctrl-C stops everything') ? true : undefined;
            };
            await eventually(ready, 'npm start to be ready', 150_000).catch((error: Error) => {
              throw new Error(`${error.message}\n${started.output()}`);
            });
            await during(started.output);
            for (let i = 0; i < interrupts; i++) started.child.kill('SIGINT');
            expect(await started.exited).toBe(0);
            return started.output();
          } finally {
            started.child.kill('SIGKILL');
          }
        };

        let orderId = '';
        const first = await run(async (output) => {
          expect(output()).toContain(`created topics order-created, payment-processed, payment-failed (6 partitions each)`);
          expect(output()).toContain(`order API      ${orderApi}/orders`);
          const placed = await fetch(`${orderApi}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(orderRequest(userId())) });
          expect(placed.status).toBe(201);
          orderId = ((await placed.json()) as { orderId: string }).orderId;
          expect(await settledOrder(get, orderId)).toMatchObject({ status: 'PAID' });
        });
        expect(first).toMatch(new RegExp(`stopping: SIGINT received[\\s\\S]*${KAFKA_STOPPED}[\\s\\S]*stopped\n$`));

        // Ctrl-C under npm arrives twice, from the terminal and forwarded by npm: still one orderly stop.
        const second = await run(async (output) => {
          expect(output()).toContain('topic order-created exists (6 partitions)');
          expect(await get(`/orders/${orderId}`)).toMatchObject({ status: 200, body: { orderId, status: 'PAID' } });
        }, 2);
        expect(second).not.toContain('killed');
      });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 400_000);
});
