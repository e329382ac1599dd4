import { join } from 'node:path';
import type { CpuSubject } from '../../support/cpu';
import { runLoad } from '../../support/load';
import type { BodySpec, OpenLoopResult } from '../../support/load-plan';
import { assertSyncChainDidTheWork, pendingOrders, recordedOrderIds, recordedStatuses, settledPerSecond, timeToPaid, waitUntilSettled } from './order-progress';
import type { SystemUnderTest } from './system-under-test';

/** How hard and how long each phase drives one side; the same for both sides. */
export interface LoadSettings {
  /** Open loop at a rate the event-driven side also pays in full (its payment consumer keeps up). */
  readonly lowRatePerSecond: number;
  /** Open loop at a rate both front doors answer; the event-driven side's payments may fall behind. */
  readonly highRatePerSecond: number;
  readonly closedConnections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /** How long to wait for the low-rate phase's orders to be paid before reading their time to PAID. */
  readonly settleTimeoutMs: number;
}

export interface PhaseFigures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** 2xx answers per second. */
  readonly answeredPerSecond: number;
  /** Errors, non-2xx answers and (open loop) requests left unanswered. */
  readonly failed: number;
  /** Open loop: how late the generator itself sent a request at worst. */
  readonly sendLagMs: number;
}

/** What one side measured in one run. `paid*` and `backlog*` are the event-driven side's only. */
export interface SideRun {
  readonly low: PhaseFigures;
  readonly high: PhaseFigures;
  readonly closed: PhaseFigures;
  /** CPU share per process during the low-rate window, where both sides do all the work of every order. */
  readonly lowCpu: Record<string, number>;
  readonly highCpu: Record<string, number>;
  readonly closedCpu: Record<string, number>;
  /** Time from order creation to PAID over the low-rate phase's orders. */
  readonly paidP50Ms?: number;
  readonly paidP99Ms?: number;
  /** Orders of the low-rate phase not PAID within the settle timeout. */
  readonly notPaid?: number;
  /** Orders reaching PAID/CANCELLED per second while the high-rate and closed-loop phases ran. */
  readonly paidPerSecondHigh?: number;
  readonly paidPerSecondClosed?: number;
  /** Orders accepted but still PENDING when the closed-loop phase ended. */
  readonly backlogAfterClosed?: number;
  /** Error lines the side's processes logged, summarised (filled in by the scenario). */
  readonly errors?: readonly string[];
}

const ORDER_BODY: BodySpec = { kind: 'order', userPrefix: 'bench-user' };

/**
 * Drives one started side through three phases, in this order so that no payment backlog distorts an earlier
 * figure: open loop at the low rate (then waits until its orders are paid, event-driven side), open loop at the
 * high rate, closed loop. `asynchronous` says whether its 201 comes before the payment (event-driven side).
 */
export async function measureSide(
  sut: SystemUnderTest,
  subjects: () => readonly CpuSubject[],
  settings: LoadSettings,
  options: { asynchronous: boolean; scratchDir: string },
): Promise<SideRun> {
  const url = `${sut.orderUrl}/orders`;
  const { durationSeconds, warmupSeconds } = settings;
  const open = (ratePerSecond: number, recordFile?: string) =>
    runLoad({ kind: 'open', url, method: 'POST', body: ORDER_BODY, ratePerSecond, durationSeconds, warmupSeconds, recordFile }, subjects);

  const recordFile = join(options.scratchDir, `low-rate-${Date.now()}.jsonl`);
  const low = await open(settings.lowRatePerSecond, recordFile);
  let paid: Partial<SideRun> = {};
  const orderIds = recordedOrderIds(recordFile);
  if (options.asynchronous) {
    await waitUntilSettled(sut.databaseUrl, orderIds, settings.settleTimeoutMs);
    const figures = await timeToPaid(sut.databaseUrl, orderIds);
    paid = { paidP50Ms: figures.p50Ms, paidP99Ms: figures.p99Ms, notPaid: figures.notPaid };
  } else {
    await assertSyncChainDidTheWork(sut.databaseUrl, orderIds, recordedStatuses(recordFile));
  }

  const highFrom = Date.now();
  const high = await open(settings.highRatePerSecond);
  const highTo = Date.now();

  const closedFrom = Date.now();
  const closed = await runLoad({ kind: 'closed', url, method: 'POST', body: ORDER_BODY, connections: settings.closedConnections, durationSeconds }, subjects);
  const closedTo = Date.now();

  const progress: Partial<SideRun> = options.asynchronous
    ? {
        paidPerSecondHigh: await settledPerSecond(sut.databaseUrl, highFrom, highTo),
        paidPerSecondClosed: await settledPerSecond(sut.databaseUrl, closedFrom, closedTo),
        backlogAfterClosed: await pendingOrders(sut.databaseUrl),
      }
    : {};
  return {
    low: openFigures(low.result),
    high: openFigures(high.result),
    closed: { p50Ms: closed.result.p50Ms, p99Ms: closed.result.p99Ms, answeredPerSecond: closed.result.requestsPerSecond, failed: closed.result.errors + closed.result.non2xx, sendLagMs: 0 },
    lowCpu: low.cpu,
    highCpu: high.cpu,
    closedCpu: closed.cpu,
    ...paid,
    ...progress,
  };
}

function openFigures(result: OpenLoopResult): PhaseFigures {
  return {
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    answeredPerSecond: result.completedPerSecond,
    failed: result.errors + result.non2xx + result.unanswered,
    sendLagMs: result.maxSendLagMs,
  };
}
