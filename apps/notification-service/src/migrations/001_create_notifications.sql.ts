import type { Migration } from '@app/database';

/**
 * `known_orders` is this service's own record of each order's user, filled from `OrderCreated`: payment events
 * carry no user id, and services never ask one another. One notification per event (`event_id` unique).
 */
export const createNotifications: Migration = {
  id: 'notification-001-create-notifications',
  sql: `
    CREATE TABLE known_orders (
      order_id text PRIMARY KEY,
      user_id text NOT NULL,
      total_cents bigint NOT NULL,
      currency text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE notifications (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      notification_id text NOT NULL UNIQUE,
      event_id text NOT NULL UNIQUE,
      user_id text NOT NULL,
      order_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('ORDER_RECEIVED', 'PAYMENT_SUCCEEDED', 'PAYMENT_FAILED')),
      message text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX notifications_by_user ON notifications (user_id, seq DESC);
    CREATE INDEX notifications_by_order ON notifications (order_id, seq DESC);
  `,
};
