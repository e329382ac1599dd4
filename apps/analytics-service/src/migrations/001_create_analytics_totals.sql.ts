import type { Migration } from '@app/database';

/** Running totals, one row per counter (created at zero), and dead letters per dead-letter topic. */
export const createAnalyticsTotals: Migration = {
  id: 'analytics-001-create-totals',
  sql: `
    CREATE TABLE analytics_totals (
      name text PRIMARY KEY,
      value bigint NOT NULL DEFAULT 0
    );
    INSERT INTO analytics_totals (name) VALUES
      ('orders'), ('revenue_cents'), ('payments_succeeded'), ('payments_failed'), ('dead_letters');
    CREATE TABLE dead_letters_by_topic (
      topic text PRIMARY KEY,
      count bigint NOT NULL
    );
  `,
};
