import { enqueueOutbox, Transaction } from '@app/database';
import { insertOrders } from '../order.repository';
import { claimIdempotencyKeys, findIdempotencyKeys, StoredAnswer } from './idempotency.repository';
import type { OrderDraft } from './order-draft';

/** What happened to one draft of a batch: created, or the answer a concurrent request with its key gave first. */
export type DraftOutcome = { created: true } | { created: false; earlier: StoredAnswer };

/**
 * Writes several orders in the caller's transaction with one multi-row statement per table: claims their
 * Idempotency-Keys first (the batcher never puts one key twice in a batch), then inserts the orders whose key is
 * theirs (or that have none), their lines and their OrderCreated events.
 */
export async function writeOrderBatch(tx: Transaction, drafts: readonly OrderDraft[]): Promise<DraftOutcome[]> {
  const keyed = drafts.filter((d) => d.idempotencyKey !== undefined).sort((a, b) => compare(a.idempotencyKey as string, b.idempotencyKey as string));
  const claimed = await claimIdempotencyKeys(
    tx,
    keyed.map((d) => ({ key: d.idempotencyKey as string, orderId: d.order.id, answer: { requestHash: d.requestHash, status: 201, body: d.body } })),
  );
  const lost = keyed.filter((d) => !claimed.has(d.idempotencyKey as string)).map((d) => d.idempotencyKey as string);
  // A concurrent request with the key committed first (the claim waited for it): those drafts answer as it did.
  const winners = lost.length === 0 ? new Map<string, StoredAnswer>() : await findIdempotencyKeys(tx, lost);
  const outcomes = drafts.map((draft): DraftOutcome => {
    if (draft.idempotencyKey === undefined || claimed.has(draft.idempotencyKey)) return { created: true };
    const earlier = winners.get(draft.idempotencyKey);
    if (earlier === undefined) throw new Error(`idempotency key ${draft.idempotencyKey} conflicted but cannot be read`);
    return { created: false, earlier };
  });
  const created = drafts.filter((_, i) => outcomes[i].created);
  await insertOrders(tx, created);
  await enqueueOutbox(tx, created.map((d) => d.orderCreated));
  return outcomes;
}

/** Byte order, the same in every process, so concurrent batches lock shared keys in one order. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
