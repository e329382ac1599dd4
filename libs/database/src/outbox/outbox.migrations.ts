import { Migration } from '../migrations/migration';

/** Creates the `outbox` table; pass these to `migrate` (or `DatabaseModule`) with the service's own migrations. */
export const outboxMigrations: readonly Migration[] = Object.freeze([
  {
    id: 'outbox-0001-create-table',
    sql: `
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        message_key text NOT NULL,
        value bytea NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      );
      -- The relay reads unsent rows in id order; the purge finds old sent ones.
      CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;
      CREATE INDEX outbox_sent_at_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL;
    `,
  },
]);
