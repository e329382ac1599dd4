import type { Queryable } from '@app/database';

export type PaymentStatus = 'SUCCEEDED' | 'FAILED';

/** A payment as stored and as `GET /payments/:orderId` shows it. */
export interface Payment {
  paymentId: string;
  orderId: string;
  userId: string;
  amountCents: number;
  currency: string;
  status: PaymentStatus;
  failureReason: string | null;
  failureMessage: string | null;
  gatewayReference: string;
  createdAt: Date;
}

export type NewPayment = Omit<Payment, 'createdAt'> & { orderEventId: string };

interface PaymentRow {
  payment_id: string;
  order_id: string;
  user_id: string;
  amount_cents: string;
  currency: string;
  status: PaymentStatus;
  failure_reason: string | null;
  failure_message: string | null;
  gateway_reference: string;
  created_at: Date;
}

/** An `OrderCreated` delivery to look up before charging. */
export interface Delivery {
  eventId: string;
  orderId: string;
}

/**
 * Whether each delivery's event or order was dealt with already, in order, with one statement for all of them.
 * Read outside any transaction: a stale "no" only costs a gateway call with the same idempotency key, and the
 * claim in the writing transaction settles the race.
 */
export async function findAlreadyProcessed(db: Queryable, group: string, deliveries: readonly Delivery[]): Promise<boolean[]> {
  if (deliveries.length === 0) return [];
  const { rows } = await db.query<{ processed: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM inbox WHERE consumer_group = $1 AND event_id = d.event_id)
         OR EXISTS (SELECT 1 FROM payments WHERE order_id = d.order_id) AS processed
       FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS d(event_id, order_id, n) ORDER BY d.n`,
    [group, deliveries.map((d) => d.eventId), deliveries.map((d) => d.orderId)],
  );
  return rows.map((row) => row.processed === true);
}

/** Inserts the payment; false when the order already has one (another instance or an earlier event won). */
export async function insertPayment(tx: Queryable, payment: NewPayment): Promise<boolean> {
  const result = await tx.query(
    `INSERT INTO payments (payment_id, order_id, user_id, amount_cents, currency, status, failure_reason, failure_message, gateway_reference, order_event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (order_id) DO NOTHING`,
    [
      payment.paymentId,
      payment.orderId,
      payment.userId,
      payment.amountCents,
      payment.currency,
      payment.status,
      payment.failureReason,
      payment.failureMessage,
      payment.gatewayReference,
      payment.orderEventId,
    ],
  );
  return result.rowCount === 1;
}

export async function findPaymentByOrder(db: Queryable, orderId: string): Promise<Payment | undefined> {
  const { rows } = await db.query<PaymentRow>('SELECT * FROM payments WHERE order_id = $1', [orderId]);
  const row = rows[0];
  return row && toPayment(row);
}

function toPayment(row: PaymentRow): Payment {
  return {
    paymentId: row.payment_id,
    orderId: row.order_id,
    userId: row.user_id,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    status: row.status,
    failureReason: row.failure_reason,
    failureMessage: row.failure_message,
    gatewayReference: row.gateway_reference,
    createdAt: row.created_at,
  };
}
