import { Client } from 'pg';
import { Database, migrate, openDatabase, silentDatabaseLogger, Transaction } from '@app/database';
import { notificationServiceMigrations } from '../src/migrations';
import { listNotifications } from '../src/notifications/notification.repository';
import { recordNotifications } from '../src/notifications/record-notification/record-notification.service';
import { orderCreated, paymentFailed, paymentProcessed, testDatabaseUrl, uniqueId } from './notification-test-kit';

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

describe('a batch of notification events', () => {
  let db: Database;
  const schema = uniqueId('notification_batch');

  beforeEach(async () => {
    db = await openDatabase({ url: testDatabaseUrl, schema, logger: silentDatabaseLogger });
    await migrate(db, notificationServiceMigrations);
  });

  afterEach(async () => {
    await db.close();
    if (!testDatabaseUrl) return;
    const client = new Client({ connectionString: testDatabaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
  });

  it('is written with a few statements in one transaction, whatever its size', async () => {
    const orders = Array.from({ length: 40 }, () => orderCreated());
    const events = [...orders, ...orders.slice(0, 20).map(paymentProcessed), ...orders.slice(20).map((o) => paymentFailed(o))];

    const { value, statements } = await counted(db, (tx) => recordNotifications(tx, events));

    expect(value).toEqual(events.map(() => 'recorded'));
    // Remember the orders, look up the payments' orders, claim the events, insert the notifications.
    expect(statements).toBe(4);
    const forOrder = await listNotifications(db, { orderId: orders[0].data.orderId }, 10);
    expect(forOrder.map((n) => [n.kind, n.userId])).toEqual([
      ['PAYMENT_SUCCEEDED', orders[0].data.userId],
      ['ORDER_RECEIVED', orders[0].data.userId],
    ]);
  });

  it('leaves a payment of an unknown order unclaimed, without failing the others, and records each event once', async () => {
    const known = orderCreated();
    const unknown = orderCreated();
    const events = [known, paymentProcessed(known), paymentFailed(unknown)];

    expect(await db.transaction((tx) => recordNotifications(tx, events))).toEqual(['recorded', 'recorded', 'order-not-known']);
    // The redelivery of the batch, now with the missing order: only what is new is written.
    expect(await db.transaction((tx) => recordNotifications(tx, [unknown, ...events]))).toEqual(['recorded', 'duplicate', 'duplicate', 'recorded']);

    const all = [...(await listNotifications(db, { orderId: known.data.orderId }, 10)), ...(await listNotifications(db, { orderId: unknown.data.orderId }, 10))];
    expect(all.map((n) => n.kind).sort()).toEqual(['ORDER_RECEIVED', 'ORDER_RECEIVED', 'PAYMENT_FAILED', 'PAYMENT_SUCCEEDED']);
  });
});
