/**
 * Scenario 1: POST /orders on the order-service alone (with a broker, so its outbox relay runs as in production),
 * on PGlite and on PostgreSQL: closed-loop maximum throughput with its p50/p99, open-loop p50/p99 at a fixed
 * 1,000 req/s, and beside them the raw rate of the same transaction issued directly by a separate process.
 */
import { join, resolve } from 'node:path';
import type { BenchContext, BenchScenario, Measurement, ScenarioResult } from '../scenario';
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

async function measureOn(engine: Engine, ctx: BenchContext, t: Timings, notes: string[]): Promise<Measurement[]> {
  const group = new ProcessGroup();
  const database = engine === 'PostgreSQL' ? await createBenchDatabase(ctx.postgresUrl, 'orders') : undefined;
  const backends = database === undefined ? undefined : new PostgresBackendWatch(ctx.postgresUrl, database.name);
  const subjects = () => [...group.running(), ...(backends?.current() ?? [])];
  try {
    await backends?.start();
    const broker = await group.broker({ port: 0 });
    const dbEnv: Record<string, string> = database === undefined ? { DATA_DIR: join(ctx.workDir, 'order-service') } : { DATABASE_URL: database.url };
    const service = await group.service('order-service', { port: ctx.portBase, env: { KAFKA_BROKERS: broker.bootstrapServers, ...dbEnv } });
    const url = `${service.url}/orders`;
    ctx.log(`${engine}: warm-up ${t.warmup} s`);
    await runLoad({ kind: 'closed', url, method: 'POST', body: ORDER_BODY, connections: CONNECTIONS, durationSeconds: t.warmup }, subjects);

    const closed = await repeat(ctx.runs, ctx.log, `${engine}: closed loop, ${CONNECTIONS} connections, ${t.closed} s`, async () => {
      const run = await runLoad({ kind: 'closed', url, method: 'POST', body: ORDER_BODY, connections: CONNECTIONS, durationSeconds: t.closed }, subjects);
      if (run.result.errors + run.result.non2xx > 0) notes.push(`${engine} closed loop: ${run.result.errors} errors, ${run.result.non2xx} non-2xx answers of ${run.result.total}`);
      return { ...run.result, cpu: run.cpu };
    });
    const open = await repeat(ctx.runs, ctx.log, `${engine}: open loop at ${FIXED_RATE} req/s, ${t.open} s`, async () => {
      const run = await runLoad({ kind: 'open', url, method: 'POST', body: ORDER_BODY, ratePerSecond: FIXED_RATE, durationSeconds: t.open, warmupSeconds: t.openWarmup }, subjects);
      return { ...run.result, cpu: run.cpu };
    });
    const failed = open.map((r) => `${r.errors}/${r.non2xx}/${r.unanswered}`);
    if (open.some((r) => r.errors + r.non2xx + r.unanswered > 0)) {
      notes.push(`${engine} at ${FIXED_RATE} req/s: errors/non-2xx/unanswered 15 s after the last send, per run of ${open[0].sent}: ${failed.join(', ')} (unanswered requests make the percentiles lower bounds)`);
    }
    const lag = Math.max(...open.map((r) => r.maxSendLagMs));
    if (lag > 20) notes.push(`${engine} at ${FIXED_RATE} req/s: the load generator sent up to ${Math.round(lag)} ms late (it was short of CPU); latency still counts from the scheduled time`);
    // The service is stopped so the raw transactions have the database and the CPU to themselves.
    await group.stop(service);
    const rawPlan: RawTransactionsPlan = {
      database: database === undefined ? { schema: 'bench_raw', dataDir: join(ctx.workDir, 'raw-pglite') } : { schema: 'bench_raw', url: database.url },
      concurrency: CONNECTIONS, warmupSeconds: Math.min(2, t.warmup), durationSeconds: t.raw,
    };
    const raw = await repeat(ctx.runs, ctx.log, `${engine}: raw transactions, ${CONNECTIONS} concurrent, ${t.raw} s`, async () => {
      const run = await runMeasuredWorker<RawTransactionsResult>('raw-transactions', RAW_WORKER, rawPlan, subjects, t.raw + 120);
      return { ...run.result, cpu: run.cpu };
    });

    const ratio = closed.map((c, i) => (100 * c.requestsPerSecond) / raw[i].transactionsPerSecond);
    notes.push(
      `${engine}: the service reaches ${Math.round(median(ratio))} % of the raw transaction rate (medians ${Math.round(median(closed.map((c) => c.requestsPerSecond)))} req/s vs ${Math.round(median(raw.map((r) => r.transactionsPerSecond)))} tx/s); above 100 % means the service writes several orders per transaction (group commit), which the one-order-per-transaction baseline does not.`,
    );
    notes.push(
      whatLimits(`${engine} max throughput`, medianByKey(closed.map((r) => r.cpu)), 'order-service'),
      whatLimits(`${engine} at ${FIXED_RATE} req/s`, medianByKey(open.map((r) => r.cpu)), 'order-service'),
      whatLimits(`${engine} raw transactions`, medianByKey(raw.map((r) => r.cpu)), 'raw-transactions'),
    );
    const targetP99 = { value: 20, label: '< 20 ms' };
    return [
      measured(closed, (r) => r.requestsPerSecond, { name: `${engine}: max throughput (closed loop, ${CONNECTIONS} conn.)`, unit: 'req/s', better: 'higher', ...(engine === 'PostgreSQL' ? { target: { value: 3000, label: '>= 3,000 orders/s' } } : {}) }, true),
      measured(closed, (r) => r.p50Ms, { name: `${engine}: p50 at max throughput`, unit: 'ms', better: 'lower' }),
      measured(closed, (r) => r.p99Ms, { name: `${engine}: p99 at max throughput`, unit: 'ms', better: 'lower' }),
      measured(open, (r) => r.p50Ms, { name: `${engine}: p50 at ${FIXED_RATE} req/s (open loop)`, unit: 'ms', better: 'lower' }),
      measured(open, (r) => r.p99Ms, { name: `${engine}: p99 at ${FIXED_RATE} req/s (open loop)`, unit: 'ms', better: 'lower', target: targetP99 }, true),
      measured(open, (r) => r.completedPerSecond, { name: `${engine}: answered at ${FIXED_RATE} req/s offered`, unit: 'req/s', better: 'higher' }),
      measured(raw, (r) => r.transactionsPerSecond, { name: `${engine}: raw order+outbox transactions (${CONNECTIONS} concurrent)`, unit: 'tx/s', better: 'higher' }, true),
      { name: `${engine}: service / raw transaction rate`, unit: '%', better: 'higher', values: ratio },
    ];
  } finally {
    backends?.stop();
    await group.stopAll();
    if (database !== undefined) await dropBenchDatabase(ctx.postgresUrl, database.name);
  }
}

export const postOrdersScenario: BenchScenario = {
  id: 'post-orders',
  title: '1. POST /orders: throughput and latency, PGlite and PostgreSQL, against the raw transaction rate',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const t = ctx.quick ? QUICK : FULL;
    const notes: string[] = [];
    const measurements = [...(await measureOn('PGlite', ctx, t, notes)), ...(await measureOn('PostgreSQL', ctx, t, notes))];
    return {
      id: 'post-orders',
      title: this.title,
      method:
        `Compiled order-service (LOG_LEVEL=warn) with the embedded broker (its outbox relay publishes as in production), one service per database, ` +
        `a ${t.warmup} s warm-up. Closed loop: autocannon in a separate process, ${CONNECTIONS} connections, ${t.closed} s per run. ` +
        `Open loop: ${FIXED_RATE} req/s on a fixed schedule from a separate process for ${t.open} s after ${t.openWarmup} s unmeasured, latency from each request's scheduled send time. ` +
        `Raw: a separate process runs the same transaction (insertOrder + enqueueOutbox, one order per transaction) with ${CONNECTIONS} concurrent loops and the same pool for ${t.raw} s, with the service stopped; ` +
        `on PGlite in its own data directory (PGlite is in-process), on PostgreSQL in the same database (schema bench_raw). PostgreSQL CPU is that of the backends serving the bench database.`,
      measurements,
      notes,
    };
  },
};
