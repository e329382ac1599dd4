import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureBuilt } from '../../support/build';
import { BenchProcess, inheritedEnv, ProcessGroup, REPO_ROOT, spawnNode, stopProcess } from '../../support/processes';

/** One side of the comparison, started and healthy: where to send `POST /orders` and where its orders are stored. */
export interface SystemUnderTest {
  readonly orderUrl: string;
  /** Database holding the order rows (the event-driven side's `order_service.orders` is read for time-to-PAID). */
  readonly databaseUrl: string;
}

/** The simulated gateway as payment-service runs it by default; both sides get it explicitly. */
export const GATEWAY_ENV = Object.freeze({ GATEWAY_LATENCY_MS: '50', GATEWAY_LATENCY_JITTER_MS: '50' });

const SYNC_MAIN = resolve(REPO_ROOT, 'dist/bench/sync-chain/main.js');

function newestTsMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestTsMs(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** The services (support's check) and the baseline, compiled and newer than their sources; builds when not. */
export function ensureBothBuilt(log: (line: string) => void): void {
  ensureBuilt(log);
  const sources = Math.max(...['apps', 'libs', 'bench/sync-chain'].map((dir) => newestTsMs(resolve(REPO_ROOT, dir))));
  let built: number;
  try {
    built = statSync(SYNC_MAIN).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= sources) return;
  log('bench/sync-chain changed since the last build: npm run build');
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
}

function listening(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), answer(true)));
    socket.once('error', () => answer(false));
  });
}

/**
 * Fails when something already listens on one of `ports`: a health check would then be answered by someone
 * else's process (another benchmark on the same ports) and the run would measure the wrong system.
 */
export async function assertPortsFree(ports: readonly number[]): Promise<void> {
  const taken = [];
  for (const port of ports) if (await listening(port)) taken.push(port);
  if (taken.length > 0) throw new Error(`ports ${taken.join(', ')} are already in use on 127.0.0.1: is another benchmark running?`);
}

async function untilHealthy(proc: BenchProcess, url: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.hasExited()) throw new Error(`${proc.name} exited while starting\n${proc.output()}`);
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    if (response?.status === 200) return;
    if (Date.now() > deadline) {
      await stopProcess(proc);
      throw new Error(`${proc.name} not healthy within 90 s\n${proc.output()}`);
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
}

/** The three baseline processes (compiled), last hop first so each finds its next hop up. Ports: `port`..`port+2`. */
export async function startSyncChain(group: ProcessGroup, options: { port: number; databaseUrl: string }): Promise<SystemUnderTest> {
  await assertPortsFree([options.port, options.port + 1, options.port + 2]);
  const url = (offset: number): string => `http://127.0.0.1:${options.port + offset}`;
  const hops = [
    { role: 'notification', offset: 2, next: {} },
    { role: 'payment', offset: 1, next: { NOTIFICATION_URL: url(2) } },
    { role: 'order', offset: 0, next: { PAYMENT_URL: url(1) } },
  ] as const;
  for (const hop of hops) {
    const env = { ...inheritedEnv(), HOST: '127.0.0.1', PORT: String(options.port + hop.offset), LOG_LEVEL: 'warn', DATABASE_URL: options.databaseUrl, ...GATEWAY_ENV, ...hop.next };
    const proc = group.add(spawnNode(`sync-${hop.role}`, [SYNC_MAIN, hop.role], env));
    await untilHealthy(proc, url(hop.offset));
  }
  return { orderUrl: url(0), databaseUrl: options.databaseUrl };
}

/**
 * The real system, compiled: the embedded broker (6 partitions, data in `dataDir`) and order-, payment- and
 * notification-service on PostgreSQL, each in its own schema of `databaseUrl`. Ports: `port` (broker), `port+1`..`port+3`.
 */
export async function startEventDriven(group: ProcessGroup, options: { port: number; databaseUrl: string; dataDir: string }): Promise<SystemUnderTest> {
  await assertPortsFree([options.port, options.port + 1, options.port + 2, options.port + 3]);
  const broker = await group.broker({ port: options.port, partitions: 6, dataDir: options.dataDir });
  const env = { KAFKA_BROKERS: broker.bootstrapServers, DATABASE_URL: options.databaseUrl };
  // payment- and notification-service first: their consumer groups exist before the first order is published.
  await group.service('payment-service', { port: options.port + 2, env: { ...env, ...GATEWAY_ENV } });
  await group.service('notification-service', { port: options.port + 3, env });
  const order = await group.service('order-service', { port: options.port + 1, env });
  return { orderUrl: order.url, databaseUrl: options.databaseUrl };
}

/**
 * The error lines the processes logged (last 200 lines each), counted by process and message, e.g.
 * `sync-order: request failed (/payments answered 503) x2`: why a run had non-2xx answers.
 */
export function loggedErrors(procs: readonly BenchProcess[]): string[] {
  const counts = new Map<string, number>();
  for (const proc of procs) {
    for (const line of proc.output().split('\n')) {
      if (!line.includes('"level":"error"') && !line.includes('"level":"fatal"')) continue;
      let text = line.slice(0, 160);
      try {
        const entry = JSON.parse(line) as { msg?: unknown; err?: { message?: unknown } };
        text = `${String(entry.msg)}${entry.err?.message === undefined ? '' : ` (${String(entry.err.message).slice(0, 120)})`}`;
      } catch {
        // Not a JSON log line: counted as it is.
      }
      const key = `${proc.name}: ${text}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].map(([key, count]) => `${key} x${count}`);
}
