import { outboxInsert, Queryable } from '@app/database';
import { findIdempotencyKeys, StoredAnswer } from './idempotency.repository';
import type { OrderDraft } from './order-draft';

/** What happened to one draft of a batch: created, or the answer a concurrent request with its key gave first. */
export type DraftOutcome = { created: true } | { created: false; earlier: StoredAnswer };

/** The drafts as arrays, one per column: `unnest` turns them back into rows, whatever the batch size. */
const DRAFTS = `SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::timestamptz[],
    $9::timestamptz[], $10::text[], $11::text[], $12::int[], $13::text[])
  AS d(id, user_id, status, total_cents, currency, payment_id, cancellation_reason, created_at, updated_at, idem_key, request_hash, response_status, response_body)`;
const LINES = `SELECT * FROM unnest($14::uuid[], $15::int[], $16::text[], $17::int[], $18::bigint[]) AS l(order_id, line_no, product_id, quantity, unit_price_cents)`;
const FIRST_OUTBOX_PARAM = 19;

/**
 * Writes several orders in ONE statement (data-modifying CTEs; atomic on its own, so no BEGIN or COMMIT): it claims
 * their Idempotency-Keys first, in key order (the batcher never puts one key twice in a batch, and concurrent
 * batches lock shared keys in the same order), then inserts the orders whose key is theirs (or that have none),
 * their lines and their OrderCreated events. One round trip per batch: under load the batch's latency is its
 * round trips, each waiting for a CPU. Wake the outbox relay once it returns.
 */
export async function writeOrderBatch(db: Queryable, drafts: readonly OrderDraft[]): Promise<DraftOutcome[]> {
  const column = <T>(pick: (draft: OrderDraft) => T): T[] => drafts.map(pick);
  const lines = drafts.flatMap((d) => d.lines.map((line, i) => ({ orderId: d.order.id, lineNo: i + 1, line })));
  const events = outboxInsert(
    drafts.map((d) => d.orderCreated),
    FIRST_OUTBOX_PARAM,
    { owners: column((d) => d.order.id), ownerType: 'uuid', among: 'SELECT id FROM created' },
  );
  const { rows } = await db.query<{ key: string }>(
    `WITH d AS (${DRAFTS}),
     claimed AS (
       INSERT INTO idempotency_keys (key, request_hash, order_id, response_status, response_body)
       SELECT idem_key, request_hash, id, response_status, response_body::jsonb FROM d WHERE idem_key IS NOT NULL ORDER BY idem_key
       ON CONFLICT (key) DO NOTHING RETURNING key, order_id
     ),
     created AS (
       INSERT INTO orders (id, user_id, status, total_cents, currency, payment_id, cancellation_reason, created_at, updated_at)
       SELECT id, user_id, status, total_cents, currency, payment_id, cancellation_reason, created_at, updated_at FROM d
       WHERE idem_key IS NULL OR id IN (SELECT order_id FROM claimed)
       RETURNING id
     ),
     lines AS (
       INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price_cents)
       ${LINES} WHERE order_id IN (SELECT id FROM created)
     ),
     events AS (${events.sql})
     SELECT key FROM claimed`,
    [
      column((d) => d.order.id),
      column((d) => d.order.userId),
      column((d) => d.order.status),
      column((d) => d.order.totalCents),
      column((d) => d.order.currency),
      column((d) => d.order.paymentId),
      column((d) => d.order.cancellationReason),
      // Timestamps travel as ISO text: both engines cast text[] to timestamptz[] the same way.
      column((d) => d.order.createdAt.toISOString()),
      column((d) => d.order.updatedAt.toISOString()),
      column((d) => d.idempotencyKey ?? null),
      column((d) => d.requestHash),
      column(() => 201),
      column((d) => JSON.stringify(d.body)),
      lines.map((l) => l.orderId),
      lines.map((l) => l.lineNo),
      lines.map((l) => l.line.productId),
      lines.map((l) => l.line.quantity),
      lines.map((l) => l.line.unitPriceCents),
      ...events.params,
    ],
  );
  const claimed = new Set(rows.map((r) => r.key));
  const lost = drafts.map((d) => d.idempotencyKey).filter((key): key is string => key !== undefined && !claimed.has(key));
  // A concurrent request with the key committed first (the claim waited for it): those drafts answer as it did.
  const winners = lost.length === 0 ? new Map<string, StoredAnswer>() : await findIdempotencyKeys(db, lost);
  return drafts.map((draft): DraftOutcome => {
    if (draft.idempotencyKey === undefined || claimed.has(draft.idempotencyKey)) return { created: true };
    const earlier = winners.get(draft.idempotencyKey);
    if (earlier === undefined) throw new Error(`idempotency key ${draft.idempotencyKey} conflicted but cannot be read`);
    return { created: false, earlier };
  });
}
