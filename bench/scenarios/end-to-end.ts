/**
 * Scenario 3: the whole pipeline, from POST /orders to the order being PAID, at 200, 500 and 1,000 orders/s
 * offered on a fixed schedule, with the simulated gateway answering at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, BenchScenario, Measurement, ScenarioResult } from '../scenario';
import { runLoad } from '../support/load';
import { BROKER_LABEL, BrokerKind, INSTANT_GATEWAY, startPipeline } from '../support/pipeline';
import { createBenchDatabase, dropBenchDatabase, PostgresBackendWatch, queryDatabase } from '../support/postgres';
import { ProcessGroup } from '../support/processes';
import { measured, repeat } from '../support/runs';
import { whatLimits } from '../support/limits';
import { medianByKey, summarizeLatencies } from '../support/stats';

const RATES = [200, 500, 1000] as const;
const E2E_TARGET = { rate: 500, p99Ms: 100 };
const STATS_FLUSH_MS = 1500;

interface Recorded {
  scheduledAtMs: number;
  orderId: string;
}

/** The 201 answers the load worker recorded: each order id with the time its POST was scheduled. */
function readRecorded(file: string): Recorded[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { scheduledAtMs: number; body: { orderId: string } })
    .map((r) => ({ scheduledAtMs: r.scheduledAtMs, orderId: r.body.orderId }));
}

interface Settled {
  /** POST scheduled -> PAID, ms, for every order that reached PAID. */
  latencies: number[];
  notPaid: number;
}

/** Transactions committed or rolled back in `database` so far, from pg_stat_database (flushed by backends about once a second). */
async function transactionsSoFar(serverUrl: string, database: string): Promise<number> {
  const [row] = await queryDatabase<{ xacts: string }>(serverUrl, 'SELECT xact_commit + xact_rollback AS xacts FROM pg_stat_database WHERE datname = $1', [database]);
  return Number(row?.xacts ?? 0);
}

/** Waits until every order has left PENDING (or `timeoutSeconds`), then reads each one's PAID time from its row. */
async function settle(databaseUrl: string, recorded: readonly Recorded[], timeoutSeconds: number): Promise<Settled> {
  const ids = recorded.map((r) => r.orderId);
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const [{ pending }] = await queryDatabase<{ pending: string }>(databaseUrl, `SELECT count(*) AS pending FROM order_service.orders WHERE id = ANY($1::uuid[]) AND status = 'PENDING'`, [
      ids,
    ]);
    if (Number(pending) === 0 || Date.now() > deadline) break;
    await new Promise((wait) => setTimeout(wait, 250));
  }
  const rows = await queryDatabase<{ id: string; status: string; paid_ms: number }>(
    databaseUrl,
    `SELECT id, status, extract(epoch FROM updated_at) * 1000 AS paid_ms FROM order_service.orders WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const paidAt = new Map(rows.filter((r) => r.status === 'PAID').map((r) => [r.id, Number(r.paid_ms)]));
  const latencies = recorded.filter((r) => paidAt.has(r.orderId)).map((r) => (paidAt.get(r.orderId) as number) - r.scheduledAtMs);
  return { latencies, notPaid: recorded.length - latencies.length };
}

/** BENCH_E2E_BROKERS=embedded,apache (the default) runs the scenario on each, in that order, in the same run. */
function brokerKinds(): BrokerKind[] {
  const kinds = (process.env.BENCH_E2E_BROKERS ?? 'embedded,apache').split(',').map((k) => k.trim());
  for (const kind of kinds) if (kind !== 'embedded' && kind !== 'apache') throw new Error(`BENCH_E2E_BROKERS: unknown broker ${JSON.stringify(kind)} (embedded, apache)`);
  return kinds as BrokerKind[];
}

export const endToEndScenario: BenchScenario = {
  id: 'end-to-end',
  title: '3. End to end: POST /orders to PAID at 200, 500 and 1,000 orders/s, on the embedded broker and on Apache Kafka',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const measurements: Measurement[] = [];
    const notes: string[] = [];
    const kinds = brokerKinds();
    for (const kind of kinds) {
      ctx.log(`on the ${BROKER_LABEL[kind]}`);
      const result = await runOn(ctx, kind, kinds.length > 1 ? `${BROKER_LABEL[kind]}, ` : '');
      measurements.push(...result.measurements);
      notes.push(...result.notes);
    }
    return {
      id: this.id,
      title: this.title,
      method:
        `Compiled order-, payment-, notification- and analytics-service on one PostgreSQL database (a schema each), on ${kinds.map((k) => BROKER_LABEL[k]).join(' and then on ')} ` +
        `(6 partitions; Apache Kafka 4.1.1 is one KRaft node from Maven, 512 MiB heap), ` +
        `payment-service with GATEWAY_LATENCY_MS=0 GATEWAY_LATENCY_JITTER_MS=0, LOG_LEVEL=warn. Per rate and run: POST /orders on a fixed schedule from a separate process ` +
        `for ${ctx.quick ? 3 : 10} s (after 1 s unmeasured); latency = the order row's updated_at when the order-service set it PAID (written by the order-service's clock, ` +
        `same machine) minus the request's scheduled send time, so it includes any wait of the request for a connection. CPU is measured over the sending window.`,
      measurements,
      notes,
    };
  },
};

async function runOn(ctx: BenchContext, broker: BrokerKind, prefix: string): Promise<{ measurements: Measurement[]; notes: string[] }> {
  // Figures and notes name the broker when the scenario runs on more than one.
  const seconds = ctx.quick ? 3 : 10;
  const settleSeconds = ctx.quick ? 30 : 60;
  const group = new ProcessGroup();
  const database = await createBenchDatabase(ctx.postgresUrl, 'e2e');
  const backends = new PostgresBackendWatch(ctx.postgresUrl, database.name);
  const subjects = () => [...group.subjects(), ...backends.current()];
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  try {
    await backends.start();
    const { services } = await startPipeline(group, { portBase: ctx.portBase, databaseUrl: database.url, paymentEnv: INSTANT_GATEWAY, broker, workDir: ctx.workDir, log: ctx.log });
    const url = `${services['order-service'].url}/orders`;
    let fileNo = 0;
    const offer = async (rate: number, durationSeconds: number) => {
      const recordFile = join(ctx.workDir, `orders-${++fileNo}.jsonl`);
      const xactsBefore = await transactionsSoFar(ctx.postgresUrl, database.name);
      const run = await runLoad(
        { kind: 'open', url, method: 'POST', body: { kind: 'order', userPrefix: 'bench-e2e' }, ratePerSecond: rate, durationSeconds, warmupSeconds: 1, recordFile },
        subjects,
      );
      const recorded = readRecorded(recordFile);
      const settled = await settle(database.url, recorded, settleSeconds);
      // Backends report their counts at most once a second: wait for the last of this run's to arrive.
      await new Promise((wait) => setTimeout(wait, STATS_FLUSH_MS));
      const transactions = (await transactionsSoFar(ctx.postgresUrl, database.name)) - xactsBefore;
      return { ...run, settled, transactionsPerOrder: transactions / Math.max(1, recorded.length) };
    };
    ctx.log('warm-up: 50 orders/s for 3 s, until all are paid (consumer groups joined)');
    await offer(50, 3);
    for (const rate of RATES) {
      const runs = await repeat(ctx.runs, ctx.log, `${rate} orders/s for ${seconds} s`, async () => {
        const { result, cpu, settled, transactionsPerOrder } = await offer(rate, seconds);
        const e2e = summarizeLatencies(settled.latencies);
        return { e2eP50: e2e.p50, e2eP99: e2e.p99, postP99: result.p99Ms, post: result, paid: settled.latencies.length, notPaid: settled.notPaid, cpu, transactionsPerOrder };
      });
      if (runs.some((r) => r.notPaid > 0)) {
        notes.push(
          `${prefix}${rate}/s: orders answered 201 but not PAID within ${settleSeconds} s of the last POST, per run: ${runs.map((r) => `${r.notPaid} of ${r.notPaid + r.paid}`).join(', ')} (left out of the percentiles)`,
        );
      }
      if (runs.some((r) => r.post.errors + r.post.non2xx + r.post.unanswered > 0)) {
        notes.push(
          `${prefix}${rate}/s: POST errors/non-2xx/unanswered per run of ${runs[0].post.sent}: ${runs.map((r) => `${r.post.errors}/${r.post.non2xx}/${r.post.unanswered}`).join(', ')} (an unanswered POST has no order to follow)`,
        );
      }
      notes.push(whatLimits(`${prefix}${rate}/s`, medianByKey(runs.map((r) => r.cpu))));
      notes.push(
        `${prefix}${rate}/s: PostgreSQL transactions per order (all services, from the first POST until every order settled, idle polling included), per run: ${runs.map((r) => r.transactionsPerOrder.toFixed(1)).join(', ')}`,
      );
      const target = rate === E2E_TARGET.rate ? { target: { value: E2E_TARGET.p99Ms, label: `< ${E2E_TARGET.p99Ms} ms` } } : {};
      measurements.push(
        measured(runs, (r) => r.e2eP50, { name: `${prefix}${rate}/s: POST -> PAID p50`, unit: 'ms', better: 'lower' }),
        measured(runs, (r) => r.e2eP99, { name: `${prefix}${rate}/s: POST -> PAID p99`, unit: 'ms', better: 'lower', ...target }, true),
        measured(runs, (r) => r.postP99, { name: `${prefix}${rate}/s: POST /orders answer p99`, unit: 'ms', better: 'lower' }),
      );
    }
  } finally {
    backends.stop();
    await group.stopAll();
    await dropBenchDatabase(ctx.postgresUrl, database.name);
  }
  return { measurements, notes };
}
