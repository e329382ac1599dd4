import type { Queryable } from '@app/database';

export type TotalName = 'orders' | 'revenue_cents' | 'payments_succeeded' | 'payments_failed' | 'dead_letters';

/** Adds to running totals in one statement (rows exist from the migration). */
export async function addToTotals(tx: Queryable, amounts: Partial<Record<TotalName, number>>): Promise<void> {
  const entries = Object.entries(amounts).filter(([, amount]) => amount !== undefined && amount !== 0);
  if (entries.length === 0) return;
  await tx.query(
    `UPDATE analytics_totals AS t SET value = t.value + d.amount
     FROM unnest($1::text[], $2::bigint[]) AS d(name, amount) WHERE t.name = d.name`,
    [entries.map(([name]) => name), entries.map(([, amount]) => amount)],
  );
}

export async function countDeadLetter(tx: Queryable, topic: string): Promise<void> {
  await tx.query(
    `INSERT INTO dead_letters_by_topic (topic, count) VALUES ($1, 1)
     ON CONFLICT (topic) DO UPDATE SET count = dead_letters_by_topic.count + 1`,
    [topic],
  );
  await addToTotals(tx, { dead_letters: 1 });
}

export interface Totals {
  totals: Record<TotalName, number>;
  deadLettersByTopic: Record<string, number>;
}

export async function readTotals(db: Queryable): Promise<Totals> {
  const totals = await db.query<{ name: TotalName; value: string }>('SELECT name, value FROM analytics_totals');
  const byTopic = await db.query<{ topic: string; count: string }>('SELECT topic, count FROM dead_letters_by_topic ORDER BY topic');
  const result: Record<TotalName, number> = { orders: 0, revenue_cents: 0, payments_succeeded: 0, payments_failed: 0, dead_letters: 0 };
  for (const row of totals.rows) result[row.name] = Number(row.value);
  return { totals: result, deadLettersByTopic: Object.fromEntries(byTopic.rows.map((row) => [row.topic, Number(row.count)])) };
}
