import { readFileSync } from 'node:fs';
import { queryDatabase } from '../../support/postgres';
import { summarizeLatencies } from '../../support/stats';

/** Where the event-driven order-service keeps its orders (its default schema). */
const ORDERS = 'order_service.orders';

/** The order ids a load worker recorded (`recordFile`: one `{"body": {...orderId...}}` line per 2xx answer). */
export function recordedOrderIds(recordFile: string): string[] {
  const ids: string[] = [];
  for (const line of readFileSync(recordFile, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const body = (JSON.parse(line) as { body?: { orderId?: unknown } }).body;
    if (typeof body?.orderId === 'string') ids.push(body.orderId);
  }
  return ids;
}

/** The `status` field of each recorded answer. */
export function recordedStatuses(recordFile: string): string[] {
  return readFileSync(recordFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => String((JSON.parse(line) as { body?: { status?: unknown } }).body?.status));
}

/**
 * Fails unless the sync chain did the whole job for `orderIds` (answered PAID, per `statuses`): each order is PAID
 * in its table, with one SUCCEEDED payment and one notification. A baseline that skipped a hop would look fast.
 */
export async function assertSyncChainDidTheWork(dbUrl: string, orderIds: readonly string[], statuses: readonly string[]): Promise<void> {
  const notPaidAnswers = statuses.filter((status) => status !== 'PAID').length;
  const [row] = await queryDatabase<{ paid: string; payments: string; notifications: string }>(
    dbUrl,
    `SELECT (SELECT count(*) FROM sync_order.orders WHERE id = ANY($1::uuid[]) AND status = 'PAID') AS paid,
            (SELECT count(*) FROM sync_payment.payments WHERE order_id = ANY($2::text[]) AND status = 'SUCCEEDED') AS payments,
            (SELECT count(*) FROM sync_notification.notifications WHERE order_id = ANY($2::text[])) AS notifications`,
    [orderIds, orderIds],
  );
  const counts = { answers: orderIds.length, notPaidAnswers, paid: Number(row.paid), payments: Number(row.payments), notifications: Number(row.notifications) };
  if (orderIds.length === 0 || notPaidAnswers > 0 || counts.paid !== orderIds.length || counts.payments !== orderIds.length || counts.notifications !== orderIds.length) {
    throw new Error(`the sync chain did not do the whole job for its answered orders: ${JSON.stringify(counts)}`);
  }
}

/** How many of `orderIds` are still PENDING. */
async function pendingAmong(dbUrl: string, orderIds: readonly string[]): Promise<number> {
  const rows = await queryDatabase<{ pending: string }>(dbUrl, `SELECT count(*) AS pending FROM ${ORDERS} WHERE id = ANY($1::uuid[]) AND status = 'PENDING'`, [orderIds]);
  return Number(rows[0].pending);
}

/** Waits until none of `orderIds` is PENDING, or `timeoutMs` passed; returns how many still are. */
export async function waitUntilSettled(dbUrl: string, orderIds: readonly string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await pendingAmong(dbUrl, orderIds);
    if (pending === 0 || Date.now() > deadline) return pending;
    await new Promise((wait) => setTimeout(wait, 500));
  }
}

/**
 * Time from an order's creation (order-service's clock, inside `POST /orders`) to PAID (the same process's clock,
 * when it applied `PaymentProcessed`), over the PAID orders among `orderIds`: read from the table after the run,
 * so measuring it adds no load. Orders cancelled or still pending are counted apart.
 */
export async function timeToPaid(dbUrl: string, orderIds: readonly string[]): Promise<{ p50Ms: number; p99Ms: number; paid: number; notPaid: number }> {
  const rows = await queryDatabase<{ status: string; ms: number }>(
    dbUrl,
    `SELECT status, (extract(epoch FROM updated_at - created_at) * 1000)::float8 AS ms FROM ${ORDERS} WHERE id = ANY($1::uuid[])`,
    [orderIds],
  );
  const paid = rows.filter((row) => row.status === 'PAID').map((row) => row.ms);
  const summary = summarizeLatencies(paid);
  return { p50Ms: summary.p50, p99Ms: summary.p99, paid: paid.length, notPaid: orderIds.length - paid.length };
}

/** Orders that reached PAID or CANCELLED between `fromMs` and `toMs` (epoch ms; same host clock), per second. */
export async function settledPerSecond(dbUrl: string, fromMs: number, toMs: number): Promise<number> {
  const rows = await queryDatabase<{ settled: string }>(
    dbUrl,
    `SELECT count(*) AS settled FROM ${ORDERS} WHERE status <> 'PENDING' AND updated_at >= to_timestamp($1 / 1000.0) AND updated_at < to_timestamp($2 / 1000.0)`,
    [fromMs, toMs],
  );
  return Number(rows[0].settled) / ((toMs - fromMs) / 1000);
}

/** Orders still PENDING right now: the payment backlog the event-driven side has accepted but not done. */
export async function pendingOrders(dbUrl: string): Promise<number> {
  const rows = await queryDatabase<{ pending: string }>(dbUrl, `SELECT count(*) AS pending FROM ${ORDERS} WHERE status = 'PENDING'`);
  return Number(rows[0].pending);
}
