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

/**
 * Whether this event or this order was dealt with already. Read outside any transaction: a stale "no" only costs
 * a gateway call with the same idempotency key, and the claim in the writing transaction settles the race.
 */
export async function isAlreadyProcessed(db: Queryable, group: string, eventId: string, orderId: string): Promise<boolean> {
  const { rows } = await db.query<{ processed: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM inbox WHERE consumer_group = $1 AND event_id = $2)
         OR EXISTS (SELECT 1 FROM payments WHERE order_id = $3) AS processed`,
    [group, eventId, orderId],
  );
  return rows[0]?.processed === true;
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
