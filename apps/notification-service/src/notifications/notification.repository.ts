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

/** Remembers an order's user for later payment events; a repeated order keeps its first record. */
export async function rememberOrder(tx: Queryable, order: KnownOrder): Promise<void> {
  await tx.query(
    'INSERT INTO known_orders (order_id, user_id, total_cents, currency) VALUES ($1, $2, $3, $4) ON CONFLICT (order_id) DO NOTHING',
    [order.orderId, order.userId, order.totalCents, order.currency],
  );
}

export async function findKnownOrder(tx: Queryable, orderId: string): Promise<KnownOrder | undefined> {
  const { rows } = await tx.query<{ order_id: string; user_id: string; total_cents: string; currency: string }>(
    'SELECT order_id, user_id, total_cents, currency FROM known_orders WHERE order_id = $1',
    [orderId],
  );
  const row = rows[0];
  return row && { orderId: row.order_id, userId: row.user_id, totalCents: Number(row.total_cents), currency: row.currency };
}

/** One notification per event: a second insert for the same event id is ignored. */
export async function insertNotification(tx: Queryable, notification: Omit<Notification, 'createdAt'>): Promise<void> {
  await tx.query(
    `INSERT INTO notifications (notification_id, event_id, user_id, order_id, kind, message)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
    [notification.notificationId, notification.eventId, notification.userId, notification.orderId, notification.kind, notification.message],
  );
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
