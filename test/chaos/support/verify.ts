import { Client } from 'pg';
import { Topics } from '@app/contracts';
import type { ChaosOutcome } from '../scenario';
import { sleep } from './child-process';
import { deadLetterCounts, readWholeTopic, TopicRecord } from './topics';

/** Orders accepted with a 201: orderId -> when the answer arrived. */
export type AcceptedOrders = ReadonlyMap<string, number>;

interface OrderRow {
  id: string;
  status: string;
}

interface PaymentRow {
  order_id: string;
  status: string;
}

/**
 * Polls the order database until every order in `orderIds` is PAID or CANCELLED; resolves to when that was seen,
 * or undefined after `timeoutMs`. Reads PostgreSQL directly, never through a scenario's proxy.
 */
export async function waitForSettlement(databaseUrl: string, orderIds: readonly string[], timeoutMs: number): Promise<number | undefined> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM order_service.orders WHERE id = ANY($1::uuid[]) AND status IN ('PAID', 'CANCELLED')`, [orderIds]);
      if (Number(rows[0]?.n) === orderIds.length) return Date.now();
      if (Date.now() > deadline) return undefined;
      await sleep(250);
    }
  } finally {
    await db.end();
  }
}

export interface VerifyInput {
  readonly scenario: string;
  readonly databaseUrl: string;
  readonly bootstrapServers: string;
  readonly accepted: AcceptedOrders;
  /** Bound on the wait for every accepted order to settle. */
  readonly settleTimeoutMs: number;
  /** When the fault ended (ms since epoch): recovery is measured from there. */
  readonly faultEndedAt: number;
  /** Problems and facts the scenario found itself, reported with the end check's. */
  readonly problems?: readonly string[];
  readonly facts?: readonly string[];
  /** Events the scenario wrote itself as a forger would: not the services' own, so never counted as a payment. */
  readonly forgedEventIds?: ReadonlySet<string>;
}

/**
 * The end check of every scenario. Waits (bounded) until every accepted order is settled, then checks each one
 * against the database and the topics: its order row is PAID or CANCELLED; the payment-service holds one payment
 * row for it whose status matches; order-created holds its OrderCreated; payment-processed and payment-failed hold
 * exactly one distinct eventId for it (a redelivered duplicate with the same eventId is at-least-once delivery,
 * not a second payment). Recovery time: from the end of the fault until every order accepted before it settled.
 */
export async function verifyOrders(input: VerifyInput): Promise<ChaosOutcome> {
  const ids = [...input.accepted.keys()];
  const beforeFault = [...input.accepted].filter(([, at]) => at <= input.faultEndedAt).map(([id]) => id);
  const started = Date.now();
  const recoveredAt = await waitForSettlement(input.databaseUrl, beforeFault, input.settleTimeoutMs);
  await waitForSettlement(input.databaseUrl, ids, Math.max(0, input.settleTimeoutMs - (Date.now() - started)));

  const [orders, payments] = await readDatabase(input.databaseUrl, ids);
  const forged = input.forgedEventIds ?? new Set<string>();
  const created = eventIdsByOrder(await readWholeTopic(input.bootstrapServers, Topics.OrderCreated), forged);
  const paymentEvents = eventIdsByOrder(
    [...(await readWholeTopic(input.bootstrapServers, Topics.PaymentProcessed)), ...(await readWholeTopic(input.bootstrapServers, Topics.PaymentFailed))],
    forged,
  );
  const deadLetters = await deadLetterCounts(input.bootstrapServers);

  const lost = new Map<string, string>();
  const twice = new Map<string, string>();
  let paid = 0;
  let cancelled = 0;
  for (const id of ids) {
    const order = orders.get(id);
    const rows = payments.get(id) ?? [];
    const results = paymentEvents.get(id)?.size ?? 0;
    if (order?.status === 'PAID') paid++;
    if (order?.status === 'CANCELLED') cancelled++;
    if (rows.length > 1 || results > 1) twice.set(id, `${rows.length} payment rows, ${results} distinct payment events`);
    const missing = whatIsMissing(order, rows, created.get(id)?.size ?? 0, results);
    if (missing !== undefined) lost.set(id, missing);
  }

  const problems = [...(input.problems ?? [])];
  if (ids.length === 0) problems.push('no order was accepted: the scenario checked nothing');
  if (lost.size > 0) problems.push(`${lost.size} accepted orders lost, e.g. ${examples(lost)}`);
  if (twice.size > 0) problems.push(`${twice.size} orders paid twice, e.g. ${examples(twice)}`);
  const republished = [...created].filter(([, events]) => events.size > 1).length;
  if (republished > 0) problems.push(`${republished} orders have more than one OrderCreated eventId`);
  if (recoveredAt === undefined && beforeFault.length > 0) problems.push(`orders accepted before the fault ended were not all settled within ${input.settleTimeoutMs} ms`);
  const deadLettered = [...deadLetters.values()].reduce((sum, n) => sum + n, 0);

  return {
    scenario: input.scenario,
    accepted: ids.length,
    paid,
    cancelled,
    lost: lost.size,
    paidTwice: twice.size,
    deadLettered,
    recoveryMs: recoveredAt === undefined ? null : Math.max(0, recoveredAt - input.faultEndedAt),
    problems,
    facts: [...(input.facts ?? []), ...[...deadLetters].filter(([, n]) => n > 0).map(([topic, n]) => `${topic}: ${n}`)],
  };
}

function whatIsMissing(order: OrderRow | undefined, payments: readonly PaymentRow[], createdEvents: number, paymentEvents: number): string | undefined {
  if (order === undefined) return 'no order row';
  if (order.status !== 'PAID' && order.status !== 'CANCELLED') {
    const reached = [
      createdEvents === 0 ? 'no OrderCreated on order-created' : 'OrderCreated on order-created',
      payments.length === 0 ? 'no payment row' : `payment ${payments.map((p) => p.status).join('/')}`,
      paymentEvents === 0 ? 'no payment event' : `${paymentEvents} payment event(s)`,
    ];
    return `still ${order.status}: ${reached.join(', ')}`;
  }
  if (createdEvents === 0) return 'no OrderCreated on order-created';
  if (payments.length === 0) return 'no payment row';
  if (paymentEvents === 0) return 'no PaymentProcessed/PaymentFailed event';
  const expected = order.status === 'PAID' ? 'SUCCEEDED' : 'FAILED';
  if (payments.some((payment) => payment.status !== expected)) return `order ${order.status} but payment ${payments.map((p) => p.status).join('/')}`;
  return undefined;
}

async function readDatabase(databaseUrl: string, ids: readonly string[]): Promise<[Map<string, OrderRow>, Map<string, PaymentRow[]>]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const orders = await db.query<OrderRow>(`SELECT id::text AS id, status FROM order_service.orders WHERE id = ANY($1::uuid[])`, [ids]);
    const payments = await db.query<PaymentRow>(`SELECT order_id, status FROM payment_service.payments WHERE order_id = ANY($1::text[])`, [ids]);
    const byOrder = new Map<string, PaymentRow[]>();
    for (const row of payments.rows) byOrder.set(row.order_id, [...(byOrder.get(row.order_id) ?? []), row]);
    return [new Map(orders.rows.map((row) => [row.id, row])), byOrder];
  } finally {
    await db.end();
  }
}

/** orderId -> the distinct eventIds of the records about it (records that do not parse, and forged ones, are skipped). */
function eventIdsByOrder(records: readonly TopicRecord[], forged: ReadonlySet<string>): Map<string, Set<string>> {
  const byOrder = new Map<string, Set<string>>();
  for (const record of records) {
    const event = parse(record.value);
    if (event === undefined || forged.has(event.eventId)) continue;
    byOrder.set(event.orderId, (byOrder.get(event.orderId) ?? new Set()).add(event.eventId));
  }
  return byOrder;
}

function parse(value: string | null): { eventId: string; orderId: string } | undefined {
  try {
    const event = JSON.parse(value ?? '') as { eventId?: unknown; data?: { orderId?: unknown } };
    return typeof event.eventId === 'string' && typeof event.data?.orderId === 'string' ? { eventId: event.eventId, orderId: event.data.orderId } : undefined;
  } catch {
    return undefined;
  }
}

function examples(found: ReadonlyMap<string, string>): string {
  return [...found]
    .slice(0, 3)
    .map(([id, why]) => `${id} (${why})`)
    .join('; ');
}
