import type { Queryable } from '@app/database';

/** The answer first given to a request with one Idempotency-Key. */
export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
}

/** Claims `key` for this request; false when another request holds it (after waiting for it to commit). */
export async function claimIdempotencyKey(db: Queryable, key: string, orderId: string, answer: StoredAnswer): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO idempotency_keys (key, request_hash, order_id, response_status, response_body)
     VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (key) DO NOTHING`,
    [key, answer.requestHash, orderId, answer.status, JSON.stringify(answer.body)],
  );
  return result.rowCount === 1;
}

export async function findIdempotencyKey(db: Queryable, key: string): Promise<StoredAnswer | undefined> {
  const { rows } = await db.query<{ request_hash: string; response_status: number; response_body: unknown }>(
    'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE key = $1',
    [key],
  );
  return rows.length === 0 ? undefined : { requestHash: rows[0].request_hash, status: rows[0].response_status, body: rows[0].response_body };
}
