import { Migration } from '../migrations/migration';

/** Creates the `inbox` table behind {@link claimInbox}; pass these to `migrate` with the service's migrations. */
export const inboxMigrations: readonly Migration[] = Object.freeze([
  {
    id: 'inbox-0001-create-table',
    sql: `
      CREATE TABLE inbox (
        consumer_group text NOT NULL,
        event_id text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, event_id)
      );
    `,
  },
]);
