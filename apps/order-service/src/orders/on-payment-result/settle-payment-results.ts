import { claimInboxBatch, Transaction } from '@app/database';
import type { Order } from '../order';
import { PaymentOutcome, settleOrders } from '../order.repository';

/** One decoded payment result waiting to be applied. `orderId` is a lower-case UUID, or undefined when it is none. */
export interface PaymentResult {
  eventId: string;
  orderId: string | undefined;
  outcome: PaymentOutcome;
  at: Date;
}

export type SettleOutcome = { kind: 'duplicate' } | { kind: 'applied'; totalCents: number } | { kind: 'ignored'; current: Order | undefined };

/**
 * Applies several payment results in the caller's transaction: claims their event ids in the inbox with one
 * statement (a redelivered event changes nothing), then settles the claimed ones with one UPDATE. The caller
 * never puts two results of one order in a batch, so each sees the order as the one before left it.
 */
export async function settlePaymentResults(tx: Transaction, group: string, results: readonly PaymentResult[]): Promise<SettleOutcome[]> {
  const claimed = await claimInboxBatch(
    tx,
    group,
    results.map((r) => r.eventId),
  );
  const toSettle = results.filter((r) => claimed.has(r.eventId) && r.orderId !== undefined);
  const settled = await settleOrders(
    tx,
    toSettle.map((r) => ({ id: r.orderId as string, outcome: r.outcome, at: r.at })),
  );
  return results.map((r): SettleOutcome => {
    if (!claimed.has(r.eventId)) return { kind: 'duplicate' };
    const result = r.orderId === undefined ? undefined : settled.get(r.orderId);
    if (result === undefined) return { kind: 'ignored', current: undefined };
    return result.changed ? { kind: 'applied', totalCents: result.totalCents } : { kind: 'ignored', current: result.current };
  });
}
