import type { Queryable } from '@app/database';
import type { Order, OrderLine, OrderStatus } from './order';

interface OrderRow {
  id: string;
  user_id: string;
  status: OrderStatus;
  total_cents: string;
  currency: string;
  payment_id: string | null;
  cancellation_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const ORDER_COLUMNS = 'id, user_id, status, total_cents, currency, payment_id, cancellation_reason, created_at, updated_at';

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    // bigint comes back as text; totals are bounded far below 2^53.
    totalCents: Number(row.total_cents),
    currency: row.currency,
    paymentId: row.payment_id,
    cancellationReason: row.cancellation_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Inserts one order with its lines. */
export async function insertOrder(db: Queryable, order: Order, lines: readonly OrderLine[]): Promise<void> {
  await insertOrders(db, [{ order, lines }]);
}

/** Inserts orders with their lines: two statements whatever the number of orders and lines (unnest of arrays). */
export async function insertOrders(db: Queryable, orders: readonly { order: Order; lines: readonly OrderLine[] }[]): Promise<void> {
  if (orders.length === 0) return;
  const column = <T>(pick: (order: Order) => T): T[] => orders.map((o) => pick(o.order));
  // Timestamps travel as ISO text: both engines cast text[] to timestamptz[] the same way.
  await db.query(
    `INSERT INTO orders (${ORDER_COLUMNS})
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[])`,
    [
      column((o) => o.id),
      column((o) => o.userId),
      column((o) => o.status),
      column((o) => o.totalCents),
      column((o) => o.currency),
      column((o) => o.paymentId),
      column((o) => o.cancellationReason),
      column((o) => o.createdAt.toISOString()),
      column((o) => o.updatedAt.toISOString()),
    ],
  );
  const lines = orders.flatMap(({ order, lines }) => lines.map((line, i) => ({ orderId: order.id, lineNo: i + 1, line })));
  await db.query(
    `INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price_cents)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::bigint[])`,
    [lines.map((l) => l.orderId), lines.map((l) => l.lineNo), lines.map((l) => l.line.productId), lines.map((l) => l.line.quantity), lines.map((l) => l.line.unitPriceCents)],
  );
}

export async function findOrder(db: Queryable, id: string): Promise<{ order: Order; lines: OrderLine[] } | undefined> {
  const { rows } = await db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1`, [id]);
  if (rows.length === 0) return undefined;
  const items = await db.query<{ product_id: string; quantity: number; unit_price_cents: string }>(
    'SELECT product_id, quantity, unit_price_cents FROM order_items WHERE order_id = $1 ORDER BY line_no',
    [id],
  );
  const lines = items.rows.map((r) => ({ productId: r.product_id, quantity: r.quantity, unitPriceCents: Number(r.unit_price_cents) }));
  return { order: toOrder(rows[0]), lines };
}

/** A user's orders, newest first; `before` continues after the last order of the previous page. */
export async function listOrders(db: Queryable, userId: string, limit: number, before?: { createdAt: Date; id: string }): Promise<Order[]> {
  const { rows } = before
    ? await db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = $1 AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC LIMIT $4`, [
        userId,
        before.createdAt,
        before.id,
        limit,
      ])
    : await db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [userId, limit]);
  return rows.map(toOrder);
}

/** With `amountCents`, PAID applies only to an order of exactly that total. */
export type PaymentOutcome = { status: 'PAID'; paymentId: string; amountCents?: number } | { status: 'CANCELLED'; paymentId: string | null; reason: string };

/**
 * Moves a PENDING order to its final status. Returns the order as it was when nothing changed (already final),
 * or undefined when there is no such order.
 */
export async function settleOrder(
  db: Queryable,
  id: string,
  outcome: PaymentOutcome,
  at: Date,
): Promise<{ changed: true; totalCents: number } | { changed: false; current: Order | undefined }> {
  const reason = outcome.status === 'CANCELLED' ? outcome.reason : null;
  const updated = await db.query<{ total_cents: string }>(
    `UPDATE orders SET status = $2, payment_id = $3, cancellation_reason = $4, updated_at = $5 WHERE id = $1 AND status = 'PENDING' RETURNING total_cents`,
    [id, outcome.status, outcome.paymentId, reason, at],
  );
  if (updated.rows.length === 1) return { changed: true, totalCents: Number(updated.rows[0].total_cents) };
  const { rows } = await db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1`, [id]);
  return { changed: false, current: rows.length === 0 ? undefined : toOrder(rows[0]) };
}

/** A final status to apply to one order, as {@link settleOrders} takes it. */
export interface Settlement {
  id: string;
  outcome: PaymentOutcome;
  at: Date;
}

/**
 * {@link settleOrder} for many orders in two statements at most: one UPDATE of the PENDING ones, one SELECT of
 * the others. Ids must be distinct; they are updated in sorted order so concurrent batches lock rows alike.
 */
export async function settleOrders(
  db: Queryable,
  settlements: readonly Settlement[],
): Promise<Map<string, { changed: true; totalCents: number } | { changed: false; current: Order | undefined }>> {
  const results = new Map<string, { changed: true; totalCents: number } | { changed: false; current: Order | undefined }>();
  if (settlements.length === 0) return results;
  const sorted = [...settlements].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const updated = await db.query<{ id: string; total_cents: string }>(
    `UPDATE orders o SET status = u.status, payment_id = u.payment_id, cancellation_reason = u.reason, updated_at = u.at
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[]) AS u(id, status, payment_id, reason, at, amount)
     WHERE o.id = u.id AND o.status = 'PENDING' AND (u.amount IS NULL OR o.total_cents = u.amount) RETURNING o.id, o.total_cents`,
    [
      sorted.map((s) => s.id),
      sorted.map((s) => s.outcome.status),
      sorted.map((s) => s.outcome.paymentId),
      sorted.map((s) => (s.outcome.status === 'CANCELLED' ? s.outcome.reason : null)),
      sorted.map((s) => s.at.toISOString()),
      sorted.map((s) => (s.outcome.status === 'PAID' && s.outcome.amountCents !== undefined ? String(s.outcome.amountCents) : null)),
    ],
  );
  for (const row of updated.rows) results.set(row.id, { changed: true, totalCents: Number(row.total_cents) });
  const others = sorted.filter((s) => !results.has(s.id)).map((s) => s.id);
  if (others.length > 0) {
    const { rows } = await db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ANY($1::uuid[])`, [others]);
    const found = new Map(rows.map((row) => [row.id, toOrder(row)]));
    for (const id of others) results.set(id, { changed: false, current: found.get(id) });
  }
  return results;
}
