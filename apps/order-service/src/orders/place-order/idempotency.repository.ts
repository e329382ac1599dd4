import type { Queryable } from '@app/database';

/** The answer first given to a request with one Idempotency-Key. */
export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
}

interface StoredAnswerRow {
  key: string;
  request_hash: string;
  response_status: number;
  response_body: unknown;
}

export async function findIdempotencyKey(db: Queryable, key: string): Promise<StoredAnswer | undefined> {
  return (await findIdempotencyKeys(db, [key])).get(key);
}

export async function findIdempotencyKeys(db: Queryable, keys: readonly string[]): Promise<Map<string, StoredAnswer>> {
  const { rows } = await db.query<StoredAnswerRow>('SELECT key, request_hash, response_status, response_body FROM idempotency_keys WHERE key = ANY($1::text[])', [keys]);
  return new Map(rows.map((r) => [r.key, { requestHash: r.request_hash, status: r.response_status, body: r.response_body }]));
}
