import type { Queryable } from '@app/database';

export type NotificationKind = 'ORDER_RECEIVED' | 'PAYMENT_SUCCEEDED' | 'PAYMENT_FAILED';

export interface Notification {
  notificationId: string;
  eventId: string;
  userId: string;
  orderId: string;
  kind: NotificationKind;
  message: string;
  createdAt: Date;
}

export interface KnownOrder {
  orderId: string;
  userId: string;
  totalCents: number;
  currency: string;
}

interface NotificationRow {
  notification_id: string;
  event_id: string;
  user_id: string;
  order_id: string;
  kind: NotificationKind;
  message: string;
  created_at: Date;
}

/** Remembers the users of orders for later payment events; a repeated order keeps its first record. */
export async function rememberOrders(tx: Queryable, orders: readonly KnownOrder[]): Promise<void> {
  if (orders.length === 0) return;
  await tx.query(
    `INSERT INTO known_orders (order_id, user_id, total_cents, currency)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) ON CONFLICT (order_id) DO NOTHING`,
    [orders.map((o) => o.orderId), orders.map((o) => o.userId), orders.map((o) => o.totalCents), orders.map((o) => o.currency)],
  );
}

/** The known orders among `orderIds`, by order id, in one statement. */
export async function findKnownOrders(tx: Queryable, orderIds: readonly string[]): Promise<Map<string, KnownOrder>> {
  if (orderIds.length === 0) return new Map();
  const { rows } = await tx.query<{ order_id: string; user_id: string; total_cents: string; currency: string }>(
    'SELECT order_id, user_id, total_cents, currency FROM known_orders WHERE order_id = ANY($1::text[])',
    [orderIds],
  );
  return new Map(rows.map((row) => [row.order_id, { orderId: row.order_id, userId: row.user_id, totalCents: Number(row.total_cents), currency: row.currency }]));
}

/** One notification per event (a second one for the same event id is ignored), in one statement; `seq` follows list order. */
export async function insertNotifications(tx: Queryable, notifications: readonly Omit<Notification, 'createdAt'>[]): Promise<void> {
  if (notifications.length === 0) return;
  const column = (pick: (n: Omit<Notification, 'createdAt'>) => string): string[] => notifications.map(pick);
  await tx.query(
    `INSERT INTO notifications (notification_id, event_id, user_id, order_id, kind, message)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) ON CONFLICT (event_id) DO NOTHING`,
    [column((n) => n.notificationId), column((n) => n.eventId), column((n) => n.userId), column((n) => n.orderId), column((n) => n.kind), column((n) => n.message)],
  );
}

/** One notification, on its own (the synchronous chain of the benchmark writes them one per request). */
export async function insertNotification(db: Queryable, notification: Omit<Notification, 'createdAt'>): Promise<void> {
  await insertNotifications(db, [notification]);
}

/** Newest first. */
export async function listNotifications(db: Queryable, filter: { userId?: string; orderId?: string }, limit: number): Promise<Notification[]> {
  const { rows } = await db.query<NotificationRow>(
    `SELECT notification_id, event_id, user_id, order_id, kind, message, created_at FROM notifications
     WHERE ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR order_id = $2)
     ORDER BY seq DESC LIMIT $3`,
    [filter.userId ?? null, filter.orderId ?? null, limit],
  );
  return rows.map((row) => ({
    notificationId: row.notification_id,
    eventId: row.event_id,
    userId: row.user_id,
    orderId: row.order_id,
    kind: row.kind,
    message: row.message,
    createdAt: row.created_at,
  }));
}
