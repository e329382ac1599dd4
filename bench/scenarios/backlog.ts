/**
 * Scenario 4: payments/s while payment-service instances drain a backlog of OrderCreated events that piled up
 * while no payment-service ran, with 1 and with 2 instances (PostgreSQL, which two instances need).
 */
import type { BenchContext, BenchScenario, Measurement, ScenarioResult } from '../scenario';
import { CpuWindow } from '../support/cpu';
import { INSTANT_GATEWAY } from '../support/pipeline';
import { createBenchDatabase, dropBenchDatabase, PostgresBackendWatch } from '../support/postgres';
import { ProcessGroup } from '../support/processes';
import { whatLimits } from '../support/limits';
import { measured, repeat } from '../support/runs';
import { medianByKey } from '../support/stats';
import { PaymentResultCounter, produceOrderCreatedBacklog } from './backlog/order-created-backlog';

const POLL_MS = 100;

interface DrainRun {
  paymentsPerSecond: number;
  /** From spawning the instances to the first published payment: boot, group join, partition assignment. */
  secondsToFirstPayment: number;
  secondsToAll: number;
  cpu: Record<string, number>;
}

async function drainOnce(ctx: BenchContext, instances: number, backlog: number, limitSeconds: number): Promise<DrainRun> {
  const group = new ProcessGroup();
  const database = await createBenchDatabase(ctx.postgresUrl, 'backlog');
  const backends = new PostgresBackendWatch(ctx.postgresUrl, database.name);
  let counter: PaymentResultCounter | undefined;
  try {
    await backends.start();
    const broker = await group.broker({ port: 0, partitions: 6 });
    await produceOrderCreatedBacklog(broker.bootstrapServers, backlog);
    counter = await PaymentResultCounter.connect(broker.bootstrapServers);
    const env = { KAFKA_BROKERS: broker.bootstrapServers, DATABASE_URL: database.url, ...INSTANT_GATEWAY };
    const spawnedAt = performance.now();
    // Counted from the spawn on, not from health: with two instances, the first may drain much of the backlog
    // while the group still rebalances for the second (its /health waits for its consumers to join).
    let failed: unknown;
    const ready = Promise.all(Array.from({ length: instances }, (_, i) => group.service('payment-service', { port: ctx.portBase + 10 + i, env, name: `payment-service-${i + 1}` })));
    ready.catch((error: unknown) => (failed = error));
    const window = new CpuWindow(() => [...group.running(), ...backends.current()]);
    let first: { at: number; count: number } | undefined;
    for (;;) {
      const count = await counter.count();
      const now = performance.now();
      if (first === undefined && count > 0) {
        window.start();
        first = { at: now, count };
      }
      if (failed !== undefined) throw failed;
      if (count >= backlog) {
        const cpu = window.stop();
        await ready;
        const start = first as { at: number; count: number };
        return {
          paymentsPerSecond: now > start.at ? (count - start.count) / ((now - start.at) / 1000) : NaN,
          secondsToFirstPayment: (start.at - spawnedAt) / 1000,
          secondsToAll: (now - spawnedAt) / 1000,
          cpu,
        };
      }
      if (now - spawnedAt > limitSeconds * 1000) throw new Error(`${instances} instance(s) paid ${count} of ${backlog} orders in ${limitSeconds} s`);
      await new Promise((wait) => setTimeout(wait, POLL_MS));
    }
  } finally {
    await counter?.close();
    backends.stop();
    await group.stopAll();
    await dropBenchDatabase(ctx.postgresUrl, database.name);
  }
}

export const backlogScenario: BenchScenario = {
  id: 'backlog',
  title: '4. Consumers: payments/s draining a backlog of OrderCreated, 1 and 2 payment-service instances',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const backlog = ctx.quick ? 2000 : 20_000;
    const limitSeconds = ctx.quick ? 180 : 600;
    const measurements: Measurement[] = [];
    const notes: string[] = [];
    for (const instances of [1, 2]) {
      const runs = await repeat(ctx.runs, ctx.log, `${backlog} orders, ${instances} instance(s)`, () => drainOnce(ctx, instances, backlog, limitSeconds));
      notes.push(whatLimits(`${instances} instance(s)`, medianByKey(runs.map((r) => r.cpu))));
      measurements.push(
        measured(runs, (r) => r.paymentsPerSecond, { name: `${instances} instance(s): payments/s while draining`, unit: 'payments/s', better: 'higher' }, true),
        measured(runs, (r) => r.secondsToFirstPayment, { name: `${instances} instance(s): start to first payment`, unit: 's', better: 'lower' }),
        measured(runs, (r) => r.secondsToAll, { name: `${instances} instance(s): start to all ${backlog} paid`, unit: 's', better: 'lower' }),
      );
    }
    return {
      id: this.id,
      title: this.title,
      method:
        `Per run: a fresh embedded broker (6 partitions) and PostgreSQL database; ${backlog} valid OrderCreated v1 events produced directly (kafkajs, acks=-1) with no ` +
        `payment-service running; then 1 or 2 compiled payment-service instances (GATEWAY_LATENCY_MS=0, jitter 0, LOG_LEVEL=warn) start at once. A payment counts once its ` +
        `PaymentProcessed/PaymentFailed event is published (high watermarks polled every ${POLL_MS} ms), so the figure includes the outbox relay. ` +
        `payments/s runs from the first published payment to the last (startup and group join excluded; they are the "start to first payment" row). CPU over that window.`,
      measurements,
      notes,
    };
  },
};
