/**
 * Scenario "sync-vs-events": the original project claim ("2000ms -> 100ms, 50 -> 1000+ req/s" for event-driven vs a
 * synchronous chain), measured. The same POST /orders at the same offered load and concurrency against
 *   - the synchronous baseline (bench/sync-chain: order -> payment -> notification over keep-alive HTTP, 201 PAID), and
 *   - the real system (broker + order-, payment-, notification-service, compiled; 201 PENDING, paid later),
 * both on PostgreSQL with the same simulated gateway latency (50 ms + up to 50 ms). Each run starts both sides fresh
 * (own database, own broker), alternating which goes first.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, BenchScenario, Measurement, ScenarioResult } from '../scenario';
import { createBenchDatabase, dropBenchDatabase, PostgresBackendWatch } from '../support/postgres';
import { ProcessGroup } from '../support/processes';
import { MACHINE } from '../support/cpu';
import { whatLimits } from '../support/limits';
import { median, medianByKey } from '../support/stats';
import { LoadSettings, measureSide, SideRun } from '../sync-chain/harness/measure-side';
import { ensureBothBuilt, loggedErrors, startEventDriven, startSyncChain } from '../sync-chain/harness/system-under-test';

const CLAIMED_SPEEDUP = 20;
const CLAIMED_THROUGHPUT = 1000;

function loadSettings(quick: boolean): LoadSettings {
  return {
    lowRatePerSecond: 5,
    highRatePerSecond: 50,
    closedConnections: 50,
    durationSeconds: quick ? 6 : 20,
    warmupSeconds: quick ? 2 : 5,
    settleTimeoutMs: 60_000,
  };
}

type Side = 'sync' | 'events';

async function runSide(side: Side, ctx: BenchContext, run: number, settings: LoadSettings): Promise<SideRun> {
  const database = await createBenchDatabase(ctx.postgresUrl, side === 'sync' ? 'sync_chain' : 'sync_events');
  const group = new ProcessGroup();
  // The database's backends count as one `postgres` process in the CPU figures: the sync chain makes more round trips.
  const backends = new PostgresBackendWatch(ctx.postgresUrl, database.name);
  const scratchDir = join(ctx.workDir, `run-${run}-${side}`);
  mkdirSync(scratchDir, { recursive: true });
  try {
    await backends.start();
    const sut =
      side === 'sync'
        ? await startSyncChain(group, { port: ctx.portBase, databaseUrl: database.url })
        : await startEventDriven(group, { port: ctx.portBase + 10, databaseUrl: database.url, dataDir: join(scratchDir, 'kafka') });
    ctx.log(`run ${run}: ${side === 'sync' ? 'synchronous chain' : 'event-driven system'} up, measuring`);
    const measured = await measureSide(sut, () => [...group.running(), ...backends.current()], settings, { asynchronous: side === 'events', scratchDir });
    return { ...measured, errors: loggedErrors(group.running()) };
  } finally {
    backends.stop();
    await group.stopAll();
    await dropBenchDatabase(ctx.postgresUrl, database.name);
  }
}

function measurement(name: string, unit: string, better: 'higher' | 'lower', values: number[], extra: Partial<Measurement> = {}): Measurement {
  return { name, unit, better, values, ...extra };
}

function measurements(sync: SideRun[], events: SideRun[], settings: LoadSettings): Measurement[] {
  const both = (pick: (run: SideRun) => number) => ({ sync: sync.map(pick), events: events.map(pick) });
  const ratio = (top: number[], bottom: number[]) => top.map((value, i) => value / bottom[i]);
  const low = `open loop ${settings.lowRatePerSecond}/s`;
  const high = `open loop ${settings.highRatePerSecond}/s`;
  const closed = `closed loop ${settings.closedConnections} connections`;
  const lowP50 = both((r) => r.low.p50Ms);
  const lowP99 = both((r) => r.low.p99Ms);
  const highP50 = both((r) => r.high.p50Ms);
  const highP99 = both((r) => r.high.p99Ms);
  const closedRate = both((r) => r.closed.answeredPerSecond);
  const closedP50 = both((r) => r.closed.p50Ms);
  const closedP99 = both((r) => r.closed.p99Ms);
  const paidP50 = events.map((r) => r.paidP50Ms ?? NaN);
  const speedup = { value: CLAIMED_SPEEDUP, label: `claim: ${CLAIMED_SPEEDUP}x faster` };
  return [
    measurement(`sync chain: POST /orders p50, ${low} (answer PAID)`, 'ms', 'lower', lowP50.sync, { cpu: medianByKey(sync.map((r) => r.lowCpu)) }),
    measurement(`event-driven: POST /orders p50, ${low} (answer PENDING)`, 'ms', 'lower', lowP50.events, { cpu: medianByKey(events.map((r) => r.lowCpu)) }),
    measurement(`sync chain: POST /orders p99, ${low}`, 'ms', 'lower', lowP99.sync),
    measurement(`event-driven: POST /orders p99, ${low}`, 'ms', 'lower', lowP99.events),
    measurement(`event-driven: order created -> PAID p50, ${low}`, 'ms', 'lower', paidP50),
    measurement(
      `event-driven: order created -> PAID p99, ${low}`,
      'ms',
      'lower',
      events.map((r) => r.paidP99Ms ?? NaN),
    ),
    measurement(`ratio p50 response sync/event-driven, ${low}`, 'x', 'higher', ratio(lowP50.sync, lowP50.events), { target: speedup }),
    measurement(`ratio p50 sync response / event-driven time to PAID, ${low}`, 'x', 'higher', ratio(lowP50.sync, paidP50)),
    measurement(`sync chain: POST /orders p50, ${high}`, 'ms', 'lower', highP50.sync),
    measurement(`event-driven: POST /orders p50, ${high}`, 'ms', 'lower', highP50.events),
    measurement(`sync chain: POST /orders p99, ${high}`, 'ms', 'lower', highP99.sync),
    measurement(`event-driven: POST /orders p99, ${high}`, 'ms', 'lower', highP99.events),
    measurement(`ratio p50 sync/event-driven, ${high}`, 'x', 'higher', ratio(highP50.sync, highP50.events), { target: speedup }),
    measurement(`ratio p99 sync/event-driven, ${high}`, 'x', 'higher', ratio(highP99.sync, highP99.events)),
    measurement(
      `event-driven: orders paid per second during ${high}`,
      'orders/s',
      'higher',
      events.map((r) => r.paidPerSecondHigh ?? NaN),
    ),
    measurement(`sync chain: POST /orders throughput, ${closed} (each answer PAID)`, 'req/s', 'higher', closedRate.sync, {
      cpu: medianByKey(sync.map((r) => r.closedCpu)),
    }),
    measurement(`event-driven: POST /orders throughput, ${closed} (each answer PENDING)`, 'req/s', 'higher', closedRate.events, {
      cpu: medianByKey(events.map((r) => r.closedCpu)),
      target: { value: CLAIMED_THROUGHPUT, label: `claim: ${CLAIMED_THROUGHPUT}+ req/s` },
    }),
    measurement(`sync chain: POST /orders p50, ${closed}`, 'ms', 'lower', closedP50.sync),
    measurement(`event-driven: POST /orders p50, ${closed}`, 'ms', 'lower', closedP50.events),
    measurement(`sync chain: POST /orders p99, ${closed}`, 'ms', 'lower', closedP99.sync),
    measurement(`event-driven: POST /orders p99, ${closed}`, 'ms', 'lower', closedP99.events),
    measurement(`ratio throughput event-driven/sync, ${closed}`, 'x', 'higher', ratio(closedRate.events, closedRate.sync)),
    measurement(`ratio p50 sync/event-driven, ${closed}`, 'x', 'higher', ratio(closedP50.sync, closedP50.events)),
    measurement(`ratio p99 sync/event-driven, ${closed}`, 'x', 'higher', ratio(closedP99.sync, closedP99.events)),
    measurement(
      `event-driven: orders paid per second during ${closed}`,
      'orders/s',
      'higher',
      events.map((r) => r.paidPerSecondClosed ?? NaN),
    ),
    measurement(
      `event-driven: orders accepted but still PENDING after ${closed}`,
      'orders',
      'lower',
      events.map((r) => r.backlogAfterClosed ?? NaN),
    ),
  ];
}

function notes(sync: SideRun[], events: SideRun[], settings: LoadSettings): string[] {
  const m = (values: number[]) => Math.round(median(values) * 10) / 10;
  const failures = (runs: SideRun[]) => (['low', 'high', 'closed'] as const).map((phase) => `${phase} ${runs.reduce((sum, r) => sum + r[phase].failed, 0)}`).join(', ');
  const notPaid = events.reduce((sum, r) => sum + (r.notPaid ?? 0), 0);
  const paidClosed = m(events.map((r) => r.paidPerSecondClosed ?? NaN));
  const lagging = (['sync', 'events'] as const).flatMap((side) => {
    const runs = side === 'sync' ? sync : events;
    const answered = median(runs.map((r) => r.high.answeredPerSecond));
    return answered < 0.9 * settings.highRatePerSecond
      ? [
          `${side === 'sync' ? 'The sync chain' : 'The event-driven front door'} did not keep up with ${settings.highRatePerSecond}/s (answered ${m([answered])}/s): its figures at that rate measure a queue, not the service (machine busy?).`,
        ]
      : [];
  });
  const cpuMsPerAnswer = (runs: SideRun[]) =>
    m(
      runs.map((r) => (1000 * Object.entries(r.closedCpu).reduce((sum, [name, share]) => sum + (name === 'load-generator' || name === MACHINE ? 0 : share), 0)) / r.closed.answeredPerSecond),
    );
  const sendLag = Math.max(...[...sync, ...events].map((r) => Math.max(r.low.sendLagMs, r.high.sendLagMs)));
  const logged = [...sync, ...events].flatMap((r) => r.errors ?? []);
  return [
    ...(logged.length > 0 ? [`Errors the processes logged (per run): ${logged.join('; ')}.`] : []),
    ...(sendLag > 20 ? [`The open-loop generator sent up to ${Math.round(sendLag)} ms late (CPU contention); latencies still count from the scheduled time.`] : []),
    `The claim "2000 ms -> 100 ms": measured at ${settings.lowRatePerSecond}/s, the sync chain answers in ${m(sync.map((r) => r.low.p50Ms))} ms (p50) ` +
      `and the event-driven side in ${m(events.map((r) => r.low.p50Ms))} ms; the event-driven order is PAID after ${m(events.map((r) => r.paidP50Ms ?? NaN))} ms. ` +
      `A 2000 ms synchronous answer would take a chain about ${Math.round(2000 / median(sync.map((r) => r.low.p50Ms)))} times slower than this one (gateway 50-100 ms).`,
    ...lagging,
    'The two 201s mean different things: the sync chain answers once the order is PAID (or CANCELLED); the event-driven ' +
      'side answers PENDING once the order and its OrderCreated are committed, and pays it later. Compare its response ' +
      'time with the sync response for "how long the caller waits", and its created -> PAID time for "how long the work takes".',
    `Sync chain throughput is its concurrency over its latency (Little's law): each request holds its connection for the whole ` +
      `chain (${m(sync.map((r) => r.closed.p50Ms))} ms p50 at ${settings.closedConnections} connections, of which the gateway is 50-100 ms), ` +
      'so a slower gateway lowers throughput in proportion and only more connections raise it. The event-driven front door holds ' +
      'a connection for one transaction.',
    `Event-driven payments were done at ${paidClosed} orders/s (median, during the closed loop) while its front door answered ` +
      `${m(events.map((r) => r.closed.answeredPerSecond))} req/s: the rest waits in order-created ` +
      `(${m(events.map((r) => r.backlogAfterClosed ?? NaN))} orders still PENDING when the closed loop ended). The sync chain has no backlog: ` +
      'it cannot accept faster than it pays.',
    whatLimits(`sync chain, ${settings.closedConnections} connections`, medianByKey(sync.map((r) => r.closedCpu)), 'sync-order'),
    whatLimits(`event-driven, ${settings.closedConnections} connections`, medianByKey(events.map((r) => r.closedCpu)), 'order-service'),
    whatLimits(`sync chain, ${settings.highRatePerSecond}/s`, medianByKey(sync.map((r) => r.highCpu)), 'sync-order'),
    whatLimits(`event-driven, ${settings.highRatePerSecond}/s`, medianByKey(events.map((r) => r.highCpu)), 'order-service'),
    `CPU per answered request in the closed loop, all measured processes but the load generator: sync chain ${cpuMsPerAnswer(sync)} ms ` +
      `(each order paid and notified), event-driven ${cpuMsPerAnswer(events)} ms (the front door's work plus the payments and notifications done meanwhile).`,
    `Offered rates: ${settings.lowRatePerSecond}/s is one the event-driven side also pays in full; ` +
      `${settings.highRatePerSecond}/s is one both front doors answer. Durations ${settings.durationSeconds} s after ${settings.warmupSeconds} s warm-up.`,
    `Failed, non-2xx or unanswered requests over all runs, sync chain: ${failures(sync)}; event-driven: ${failures(events)}. Low-rate orders not PAID within ${settings.settleTimeoutMs / 1000} s: ${notPaid}.`,
    "CPU is per process as a share of one core; `postgres` sums the backends serving the side's database (not the WAL writer). Log level warn on every process.",
  ];
}

export const syncVsEventsScenario: BenchScenario = {
  id: 'sync-vs-events',
  title: 'Synchronous HTTP chain vs event-driven: response time and throughput at the same load',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    ensureBothBuilt(ctx.log);
    const settings = loadSettings(ctx.quick);
    const sync: SideRun[] = [];
    const events: SideRun[] = [];
    for (let run = 1; run <= ctx.runs; run += 1) {
      const order: Side[] = run % 2 === 1 ? ['sync', 'events'] : ['events', 'sync'];
      for (const side of order) (side === 'sync' ? sync : events).push(await runSide(side, ctx, run, settings));
    }
    return {
      id: 'sync-vs-events',
      title: syncVsEventsScenario.title,
      method:
        `POST /orders (valid body, one item) to each side, fresh processes and PostgreSQL database per side and run, ${ctx.runs} run(s), ` +
        `sides alternating first: open loop ${settings.lowRatePerSecond}/s then ${settings.highRatePerSecond}/s (node:http on a fixed schedule, ` +
        `latency from the scheduled send), then closed loop with ${settings.closedConnections} connections (autocannon), ` +
        `${settings.durationSeconds} s each, load generator in its own process. Gateway 50 ms + 0-50 ms on both sides. ` +
        'Event-driven: embedded broker (6 partitions) + compiled order-, payment-, notification-service; created -> PAID from ' +
        'order_service.orders (created_at, updated_at) after the run. Sync: bench/sync-chain compiled, keep-alive agents.',
      measurements: measurements(sync, events, settings),
      notes: notes(sync, events, settings),
    };
  },
};

export default syncVsEventsScenario;
