import type { Database } from '@app/database';
import { countedTransaction, useMigratedDatabase } from '../../../test/support/service-test-kit';
import { readTotals } from '../src/analytics/analytics.repository';
import { CountedEvent, countEvents } from '../src/analytics/count-events/count-business-events.service';
import { analyticsServiceMigrations } from '../src/migrations';
import { uniqueId } from './analytics-test-kit';

describe('a batch of business events', () => {
  let db: Database;

  const database = useMigratedDatabase('analytics_batch', analyticsServiceMigrations);
  beforeEach(() => {
    db = database();
  });

  it('is counted with one claim and one update, each event once however often it comes', async () => {
    const orders: CountedEvent[] = Array.from({ length: 30 }, () => ({ eventId: uniqueId('evt'), amounts: { orders: 1 } }));
    const payments: CountedEvent[] = Array.from({ length: 20 }, () => ({ eventId: uniqueId('evt'), amounts: { payments_succeeded: 1, revenue_cents: 250 } }));

    const first = await countedTransaction(db, (tx) => countEvents(tx, [...orders, ...payments.slice(0, 10)]));
    expect(first.value).toEqual(Array(40).fill('counted'));
    expect(first.statements).toBe(2);

    const second = await db.transaction((tx) => countEvents(tx, [...payments, orders[0]]));
    expect(second).toEqual([...Array(10).fill('duplicate'), ...Array(10).fill('counted'), 'duplicate']);
    expect((await readTotals(db)).totals).toMatchObject({ orders: 30, payments_succeeded: 20, revenue_cents: 5000 });
  });
});
