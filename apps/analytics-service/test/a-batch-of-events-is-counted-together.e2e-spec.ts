import { Client } from 'pg';
import { Database, migrate, openDatabase, silentDatabaseLogger, Transaction } from '@app/database';
import { readTotals } from '../src/analytics/analytics.repository';
import { CountedEvent, countEvents } from '../src/analytics/count-events/count-business-events.service';
import { analyticsServiceMigrations } from '../src/migrations';
import { testDatabaseUrl, uniqueId } from './analytics-test-kit';

/** Runs `fn` in a transaction whose statements are counted. */
async function counted<T>(db: Database, fn: (tx: Transaction) => Promise<T>): Promise<{ value: T; statements: number }> {
  let statements = 0;
  const value = await db.transaction((tx) =>
    fn({
      ...tx,
      query: (sql, params) => {
        statements += 1;
        return tx.query(sql, params);
      },
    }),
  );
  return { value, statements };
}

describe('a batch of business events', () => {
  let db: Database;
  const schema = uniqueId('analytics_batch');

  beforeEach(async () => {
    db = await openDatabase({ url: testDatabaseUrl, schema, logger: silentDatabaseLogger });
    await migrate(db, analyticsServiceMigrations);
  });

  afterEach(async () => {
    await db.close();
    if (!testDatabaseUrl) return;
    const client = new Client({ connectionString: testDatabaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
  });

  it('is counted with one claim and one update, each event once however often it comes', async () => {
    const orders: CountedEvent[] = Array.from({ length: 30 }, () => ({ eventId: uniqueId('evt'), amounts: { orders: 1 } }));
    const payments: CountedEvent[] = Array.from({ length: 20 }, () => ({ eventId: uniqueId('evt'), amounts: { payments_succeeded: 1, revenue_cents: 250 } }));

    const first = await counted(db, (tx) => countEvents(tx, [...orders, ...payments.slice(0, 10)]));
    expect(first.value).toEqual(Array(40).fill('counted'));
    expect(first.statements).toBe(2);

    const second = await db.transaction((tx) => countEvents(tx, [...payments, orders[0]]));
    expect(second).toEqual([...Array(10).fill('duplicate'), ...Array(10).fill('counted'), 'duplicate']);
    expect((await readTotals(db)).totals).toMatchObject({ orders: 30, payments_succeeded: 20, revenue_cents: 5000 });
  });
});
