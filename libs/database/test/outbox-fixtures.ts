import { Database, enqueueOutbox, migrate, OutboxMessage, outboxMigrations } from '../src';

/** Migrates the outbox plus a business table, as a service would at start-up. */
export async function migrateOutboxService(db: Database): Promise<void> {
  await migrate(db, [...outboxMigrations, { id: '0001-create-orders', sql: 'CREATE TABLE orders (id text PRIMARY KEY)' }]);
}

export function message(key: string, seq: number, topic = 'orders'): OutboxMessage {
  return { topic, key, value: `${key}#${seq}`, headers: { 'event-id': `${key}-${seq}` } };
}

/** Commits `messages` in one business transaction, waking `wake` after the commit when given. */
export async function commitMessages(db: Database, messages: OutboxMessage[], wake?: () => void): Promise<void> {
  await db.transaction(async (tx) => {
    await enqueueOutbox(tx, messages);
    if (wake) tx.afterCommit(wake);
  });
}

export async function unsentCount(db: Database): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL');
  return rows[0].n;
}

/** Values grouped by key, in the order given: what per-key ordering is checked against. */
export function valuesByKey(messages: readonly { key: string; value: string | Buffer }[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const m of messages) byKey.set(m.key, [...(byKey.get(m.key) ?? []), m.value.toString()]);
  return byKey;
}
