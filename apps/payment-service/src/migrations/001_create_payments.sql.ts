import type { Migration } from '@app/database';

/** One row per order: the unique order_id is what makes a second payment for an order impossible. */
export const createPayments: Migration = {
  id: 'payment-001-create-payments',
  sql: `
    CREATE TABLE payments (
      payment_id text PRIMARY KEY,
      order_id text NOT NULL UNIQUE,
      user_id text NOT NULL,
      amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
      currency text NOT NULL,
      status text NOT NULL CHECK (status IN ('SUCCEEDED', 'FAILED')),
      failure_reason text,
      failure_message text,
      gateway_reference text NOT NULL,
      order_event_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `,
};
