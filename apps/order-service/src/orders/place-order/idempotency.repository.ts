import type { Queryable } from '@app/database';

/** The answer first given to a request with one Idempotency-Key. */
export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
}

/** A key an order is about to be created under, with the answer it will give. */
export interface IdempotencyClaim {
  key: string;
  orderId: string;
  answer: StoredAnswer;
}

interface StoredAnswerRow {
  key: string;
  request_hash: string;
  response_status: number;
  response_body: unknown;
}

/**
 * Claims the keys in one statement and returns those claimed; a key another transaction holds is not (the insert
 * waits for that transaction to commit first). Callers pass distinct keys in sorted order, so two transactions
 * claiming overlapping keys lock them in the same order and cannot deadlock.
 */
export async function claimIdempotencyKeys(db: Queryable, claims: readonly IdempotencyClaim[]): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  const { rows } = await db.query<{ key: string }>(
    `INSERT INTO idempotency_keys (key, request_hash, order_id, response_status, response_body)
     SELECT k, h, o, s, b::jsonb FROM unnest($1::text[], $2::text[], $3::uuid[], $4::int[], $5::text[]) AS c(k, h, o, s, b)
     ON CONFLICT (key) DO NOTHING RETURNING key`,
    [
      claims.map((c) => c.key),
      claims.map((c) => c.answer.requestHash),
      claims.map((c) => c.orderId),
      claims.map((c) => c.answer.status),
      claims.map((c) => JSON.stringify(c.answer.body)),
    ],
  );
  return new Set(rows.map((r) => r.key));
}

export async function findIdempotencyKey(db: Queryable, key: string): Promise<StoredAnswer | undefined> {
  return (await findIdempotencyKeys(db, [key])).get(key);
}

export async function findIdempotencyKeys(db: Queryable, keys: readonly string[]): Promise<Map<string, StoredAnswer>> {
  const { rows } = await db.query<StoredAnswerRow>(
    'SELECT key, request_hash, response_status, response_body FROM idempotency_keys WHERE key = ANY($1::text[])',
    [keys],
  );
  return new Map(rows.map((r) => [r.key, { requestHash: r.request_hash, status: r.response_status, body: r.response_body }]));
}
