/**
 * Scenario 1: POST /orders on the order-service alone (with a broker, so its outbox relay runs as in production),
 * on PGlite and on PostgreSQL: closed-loop maximum throughput with its p50/p99, open-loop p50/p99 at a fixed
 * 1,000 req/s, and beside them the raw rate of the same transaction issued directly by a separate process.
 */
import { join, resolve } from 'node:path';
import type { BenchContext, BenchScenario, Measurement, ScenarioResult } from '../scenario';
import type { CpuSubject } from '../support/cpu';
import { runLoad } from '../support/load';
import type { BodySpec } from '../support/load';
import { runMeasuredWorker } from '../support/measured-worker';
import { createBenchDatabase, dropBenchDatabase, PostgresBackendWatch } from '../support/postgres';
import { ProcessGroup } from '../support/processes';
import { measured, repeat } from '../support/runs';
import { whatLimits } from '../support/limits';
import { median, medianByKey } from '../support/stats';
import type { RawTransactionsPlan, RawTransactionsResult } from './post-orders/raw-order-transactions.worker';

const RAW_WORKER = resolve(__dirname, 'post-orders/raw-order-transactions.worker.ts');
const CONNECTIONS = 32;
const FIXED_RATE = 1000;
const ORDER_BODY: BodySpec = { kind: 'order', userPrefix: 'bench-user' };

interface Timings {
  warmup: number;
  closed: number;
  open: number;
  openWarmup: number;
  raw: number;
}

const FULL: Timings = { warmup: 3, closed: 10, open: 10, openWarmup: 2, raw: 10 };
const QUICK: Timings = { warmup: 1, closed: 3, open: 3, openWarmup: 1, raw: 3 };

type Engine = 'PGlite' | 'PostgreSQL';

/** One way of running the service: its database and how many processes serve the port (WORKERS). */
interface Setup {
  engine: Engine;
  workers: number;
  /** Also measure the raw transaction rate (once per engine is enough: it does not involve the service). */
  raw: boolean;
}

const SETUPS: readonly Setup[] = [
  { engine: 'PGlite', workers: 1, raw: true },
  { engine: 'PostgreSQL', workers: 1, raw: true },
  // Two processes on the port (node:cluster), as a service uses a second core; PGlite lives in one process.
  { engine: 'PostgreSQL', workers: 2, raw: false },
];

function labelOf(setup: Setup): string {
  return setup.workers === 1 ? setup.engine : `${setup.engine}, ${setup.workers} workers`;
}

async function measureOn(setup: Setup, ctx: BenchContext, t: Timings, notes: string[]): Promise<Measurement[]> {
  const { engine, workers } = setup;
  const label = labelOf(setup);
  const group = new ProcessGroup();
  const database = engine === 'PostgreSQL' ? await createBenchDatabase(ctx.postgresUrl, 'orders') : undefined;
  const backends = database === undefined ? undefined : new PostgresBackendWatch(ctx.postgresUrl, database.name);
  const subjects = () => [...group.running(), ...(backends?.current() ?? [])];
  try {
    await backends?.start();
    const broker = await group.broker({ port: 0 });
    const dbEnv: Record<string, string> = database === undefined ? { DATA_DIR: join(ctx.workDir, 'order-service') } : { DATABASE_URL: database.url };
    const service = await group.service('order-service', { port: ctx.portBase, env: { KAFKA_BROKERS: broker.bootstrapServers, WORKERS: String(workers), ...dbEnv } });
    const url = `${service.url}/orders`;
    ctx.log(`${label}: warm-up ${t.warmup} s`);
    await runLoad({ kind: 'closed', url, method: 'POST', body: ORDER_BODY, connections: CONNECTIONS, durationSeconds: t.warmup }, subjects);

    const closed = await repeat(ctx.runs, ctx.log, `${label}: closed loop, ${CONNECTIONS} connections, ${t.closed} s`, async () => {
      const run = await runLoad({ kind: 'closed', url, method: 'POST', body: ORDER_BODY, connections: CONNECTIONS, durationSeconds: t.closed }, subjects);
      if (run.result.errors + run.result.non2xx > 0) notes.push(`${label} closed loop: ${run.result.errors} errors, ${run.result.non2xx} non-2xx answers of ${run.result.total}`);
      return { ...run.result, cpu: run.cpu };
    });
    const open = await repeat(ctx.runs, ctx.log, `${label}: open loop at ${FIXED_RATE} req/s, ${t.open} s`, async () => {
      const run = await runLoad({ kind: 'open', url, method: 'POST', body: ORDER_BODY, ratePerSecond: FIXED_RATE, durationSeconds: t.open, warmupSeconds: t.openWarmup }, subjects);
      return { ...run.result, cpu: run.cpu };
    });
    const failed = open.map((r) => `${r.errors}/${r.non2xx}/${r.unanswered}`);
    if (open.some((r) => r.errors + r.non2xx + r.unanswered > 0)) {
      notes.push(
        `${label} at ${FIXED_RATE} req/s: errors/non-2xx/unanswered 15 s after the last send, per run of ${open[0].sent}: ${failed.join(', ')} (unanswered requests make the percentiles lower bounds)`,
      );
    }
    const lag = Math.max(...open.map((r) => r.maxSendLagMs));
    if (lag > 20) notes.push(`${label} at ${FIXED_RATE} req/s: the load generator sent up to ${Math.round(lag)} ms late (it was short of CPU); latency still counts from the scheduled time`);
    notes.push(
      whatLimits(`${label} max throughput`, medianByKey(closed.map((r) => r.cpu)), 'order-service', workers),
      whatLimits(`${label} at ${FIXED_RATE} req/s`, medianByKey(open.map((r) => r.cpu)), 'order-service', workers),
    );
    // The service is stopped so the raw transactions have the database and the CPU to themselves.
    await group.stop(service);
    const rawFigures = setup.raw ? await measureRaw(label, database?.url, closed, ctx, t, subjects, notes) : [];
    const targetP99 = { value: 20, label: '< 20 ms' };
    return [
      measured(
        closed,
        (r) => r.requestsPerSecond,
        {
          name: `${label}: max throughput (closed loop, ${CONNECTIONS} conn.)`,
          unit: 'req/s',
          better: 'higher',
          ...(engine === 'PostgreSQL' ? { target: { value: 3000, label: '>= 3,000 orders/s' } } : {}),
        },
        true,
      ),
      measured(closed, (r) => r.p50Ms, { name: `${label}: p50 at max throughput`, unit: 'ms', better: 'lower' }),
      measured(closed, (r) => r.p99Ms, { name: `${label}: p99 at max throughput`, unit: 'ms', better: 'lower' }),
      measured(open, (r) => r.p50Ms, { name: `${label}: p50 at ${FIXED_RATE} req/s (open loop)`, unit: 'ms', better: 'lower' }),
      measured(open, (r) => r.p99Ms, { name: `${label}: p99 at ${FIXED_RATE} req/s (open loop)`, unit: 'ms', better: 'lower', target: targetP99 }, true),
      measured(open, (r) => r.completedPerSecond, { name: `${label}: answered at ${FIXED_RATE} req/s offered`, unit: 'req/s', better: 'higher' }),
      ...rawFigures,
    ];
  } finally {
    backends?.stop();
    await group.stopAll();
    if (database !== undefined) await dropBenchDatabase(ctx.postgresUrl, database.name);
  }
}

/** The raw rate of the order+outbox transaction, one order per transaction, and the service's rate against it. */
async function measureRaw(
  label: string,
  databaseUrl: string | undefined,
  closed: readonly { requestsPerSecond: number }[],
  ctx: BenchContext,
  t: Timings,
  subjects: () => CpuSubject[],
  notes: string[],
): Promise<Measurement[]> {
  const rawPlan: RawTransactionsPlan = {
    database: databaseUrl === undefined ? { schema: 'bench_raw', dataDir: join(ctx.workDir, 'raw-pglite') } : { schema: 'bench_raw', url: databaseUrl },
    concurrency: CONNECTIONS,
    warmupSeconds: Math.min(2, t.warmup),
    durationSeconds: t.raw,
  };
  const raw = await repeat(ctx.runs, ctx.log, `${label}: raw transactions, ${CONNECTIONS} concurrent, ${t.raw} s`, async () => {
    const run = await runMeasuredWorker<RawTransactionsResult>('raw-transactions', RAW_WORKER, rawPlan, subjects, t.raw + 120);
    return { ...run.result, cpu: run.cpu };
  });
  const ratio = closed.map((c, i) => (100 * c.requestsPerSecond) / raw[i].transactionsPerSecond);
  notes.push(
    `${label}: the service reaches ${Math.round(median(ratio))} % of the raw transaction rate (medians ${Math.round(median(closed.map((c) => c.requestsPerSecond)))} req/s vs ${Math.round(median(raw.map((r) => r.transactionsPerSecond)))} tx/s); above 100 % means the service writes several orders per transaction (group commit), which the one-order-per-transaction baseline does not.`,
    whatLimits(`${label} raw transactions`, medianByKey(raw.map((r) => r.cpu)), 'raw-transactions'),
  );
  return [
    measured(raw, (r) => r.transactionsPerSecond, { name: `${label}: raw order+outbox transactions (${CONNECTIONS} concurrent)`, unit: 'tx/s', better: 'higher' }, true),
    { name: `${label}: service / raw transaction rate`, unit: '%', better: 'higher', values: ratio },
  ];
}

export const postOrdersScenario: BenchScenario = {
  id: 'post-orders',
  title: '1. POST /orders: throughput and latency, PGlite and PostgreSQL (1 and 2 worker processes), against the raw transaction rate',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const t = ctx.quick ? QUICK : FULL;
    const notes: string[] = [];
    const measurements: Measurement[] = [];
    for (const setup of SETUPS) measurements.push(...(await measureOn(setup, ctx, t, notes)));
    return {
      id: 'post-orders',
      title: this.title,
      method:
        `Compiled order-service (LOG_LEVEL=warn) with the embedded broker (its outbox relay publishes as in production), one service per database, ` +
        `as one process and, on PostgreSQL, as 2 workers (WORKERS=2: node:cluster, both on the port, CPU summed under order-service), ` +
        `a ${t.warmup} s warm-up. Closed loop: autocannon in a separate process, ${CONNECTIONS} connections, ${t.closed} s per run. ` +
        `Open loop: ${FIXED_RATE} req/s on a fixed schedule from a separate process for ${t.open} s after ${t.openWarmup} s unmeasured, latency from each request's scheduled send time. ` +
        `Raw: a separate process runs the same write (draftOrder + writeOrderBatch: order, line and outbox rows in one statement, one order per write) with ${CONNECTIONS} concurrent loops and the same pool for ${t.raw} s, with the service stopped; ` +
        `on PGlite in its own data directory (PGlite is in-process), on PostgreSQL in the same database (schema bench_raw). PostgreSQL CPU is that of the backends serving the bench database.`,
      measurements,
      notes,
    };
  },
};
