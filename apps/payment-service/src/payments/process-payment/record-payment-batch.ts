import { claimInboxBatch, enqueueOutbox, OutboxMessage, Transaction } from '@app/database';
import { NewPayment } from '../payment.repository';

/** One charged order waiting to be stored: its payment and the outcome event to publish. */
export interface ChargedOrder {
  eventId: string;
  payment: NewPayment;
  outcome: OutboxMessage;
}

/** `recorded` when this delivery stored the payment; `duplicate` when the event or the order was dealt with before. */
export type RecordOutcome = 'recorded' | 'duplicate';

/**
 * Stores the payments of several charged orders in the caller's transaction, a few multi-row statements for the
 * whole batch: claims the events in the inbox, inserts the payments of the events claimed (one per order: the
 * unique order_id refuses a second), enqueues their outcome events. An event whose order already had a payment
 * gets its claim removed again, so, as for a lone event, a duplicate writes nothing. Keys are locked in sorted
 * order, so two concurrent batches sharing a key cannot deadlock. The caller never puts one order twice in a batch.
 */
export async function recordPaymentBatch(tx: Transaction, group: string, charged: readonly ChargedOrder[]): Promise<RecordOutcome[]> {
  const claimedIds = await claimInboxBatch(
    tx,
    group,
    charged.map((c) => c.eventId),
  );
  const candidates = charged.filter((c) => claimedIds.has(c.eventId)).sort((a, b) => (a.payment.orderId < b.payment.orderId ? -1 : 1));
  const inserted = new Set(
    await insertPayments(
      tx,
      candidates.map((c) => c.payment),
    ),
  );
  const lost = candidates.filter((c) => !inserted.has(c.payment.orderId)).map((c) => c.eventId);
  if (lost.length > 0) await tx.query('DELETE FROM inbox WHERE consumer_group = $1 AND event_id = ANY($2::text[])', [group, lost]);
  const recorded = charged.filter((c) => claimedIds.has(c.eventId) && inserted.has(c.payment.orderId));
  await enqueueOutbox(
    tx,
    recorded.map((c) => c.outcome),
  );
  return charged.map((c) => (recorded.includes(c) ? 'recorded' : 'duplicate'));
}

/** Inserts the payments in one statement; returns the order ids inserted (not those that already had one). */
async function insertPayments(tx: Transaction, payments: readonly NewPayment[]): Promise<string[]> {
  if (payments.length === 0) return [];
  const column = <T>(pick: (p: NewPayment) => T): T[] => payments.map(pick);
  const { rows } = await tx.query<{ order_id: string }>(
    `INSERT INTO payments (payment_id, order_id, user_id, amount_cents, currency, status, failure_reason, failure_message, gateway_reference, order_event_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
     ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
    [
      column((p) => p.paymentId),
      column((p) => p.orderId),
      column((p) => p.userId),
      column((p) => p.amountCents),
      column((p) => p.currency),
      column((p) => p.status),
      column((p) => p.failureReason),
      column((p) => p.failureMessage),
      column((p) => p.gatewayReference),
      column((p) => p.orderEventId),
    ],
  );
  return rows.map((r) => r.order_id);
}
