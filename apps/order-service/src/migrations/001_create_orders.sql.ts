import type { Migration } from '@app/database';

/** Orders and their lines; money in integer cents. */
export const createOrders: Migration = {
  id: 'order-001-create-orders',
  sql: `
    CREATE TABLE orders (
      id uuid PRIMARY KEY,
      user_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('PENDING', 'PAID', 'CANCELLED')),
      total_cents bigint NOT NULL CHECK (total_cents >= 0),
      currency text NOT NULL,
      payment_id text,
      cancellation_reason text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    -- A user's orders, newest first, paged by (created_at, id).
    CREATE INDEX orders_user_newest_idx ON orders (user_id, created_at DESC, id DESC);

    CREATE TABLE order_items (
      order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
      line_no integer NOT NULL,
      product_id text NOT NULL,
      quantity integer NOT NULL CHECK (quantity > 0),
      unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
      PRIMARY KEY (order_id, line_no)
    );
  `,
};
