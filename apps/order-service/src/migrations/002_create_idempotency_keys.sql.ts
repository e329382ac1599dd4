import type { Migration } from '@app/database';

/**
 * One row per Idempotency-Key: the hash of the request it first came with and the answer given, written in the
 * transaction that creates the order. The primary key makes a concurrent retry wait for the first to commit.
 */
export const createIdempotencyKeys: Migration = {
  id: 'order-002-create-idempotency-keys',
  sql: `
    CREATE TABLE idempotency_keys (
      key text PRIMARY KEY,
      request_hash text NOT NULL,
      -- Deferred: the key is claimed first, so a concurrent retry waits on it before any order row is written.
      order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      response_status integer NOT NULL,
      response_body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `,
};
