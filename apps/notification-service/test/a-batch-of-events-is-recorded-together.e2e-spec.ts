import { Logger } from '@nestjs/common';
import type { Database, Transaction } from '@app/database';
import { countedTransaction, useMigratedDatabase } from '../../../test/support/service-test-kit';
import { notificationServiceMigrations } from '../src/migrations';
import { listNotifications } from '../src/notifications/notification.repository';
import { recordNotifications, RecordNotificationService } from '../src/notifications/record-notification/record-notification.service';
import { orderCreated, paymentFailed, paymentProcessed } from './notification-test-kit';

describe('a batch of notification events', () => {
  let db: Database;

  // The service logs each notification; the assertions say what happened.
  beforeAll(() => Logger.overrideLogger(false));

  const database = useMigratedDatabase('notification_batch', notificationServiceMigrations);
  beforeEach(() => {
    db = database();
  });

  it('is written with a few statements in one transaction, whatever its size', async () => {
    const orders = Array.from({ length: 40 }, () => orderCreated());
    const events = [...orders, ...orders.slice(0, 20).map(paymentProcessed), ...orders.slice(20).map((o) => paymentFailed(o))];

    const { value, statements } = await countedTransaction(db, (tx) => recordNotifications(tx, events));

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

  it('waits for the OrderCreated being written when its payment event is read meanwhile, instead of failing it', async () => {
    // The order's batch is held before its transaction; the payment then goes to a second batch of its own.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const holding: Database = Object.assign(Object.create(db) as Database, {
      kind: 'postgres',
      transaction: async <T>(fn: (tx: Transaction) => Promise<T>): Promise<T> => {
        if (first) {
          first = false;
          await held;
        }
        return db.transaction(fn);
      },
    });
    const service = new RecordNotificationService(holding);
    const order = orderCreated();

    const orderRecorded = service.record(order);
    await new Promise((resolve) => setImmediate(resolve));
    const paymentRecorded = service.record(paymentProcessed(order));
    await new Promise((resolve) => setImmediate(resolve));
    release();

    expect(await Promise.all([orderRecorded, paymentRecorded])).toEqual(['recorded', 'recorded']);
    expect((await listNotifications(db, { orderId: order.data.orderId }, 10)).map((n) => n.kind)).toEqual(['PAYMENT_SUCCEEDED', 'ORDER_RECEIVED']);
  });

  it('tries a payment event again when its OrderCreated came in while it was being written', async () => {
    // The payment's batch waits until the order is submitted; the order's batch until the payment's has run.
    let orderSubmitted!: () => void;
    const orderIn = new Promise<void>((resolve) => (orderSubmitted = resolve));
    let paymentWritten!: () => void;
    const paymentDone = new Promise<void>((resolve) => (paymentWritten = resolve));
    let calls = 0;
    const sequenced: Database = Object.assign(Object.create(db) as Database, {
      kind: 'postgres',
      transaction: async <T>(fn: (tx: Transaction) => Promise<T>): Promise<T> => {
        calls += 1;
        if (calls === 1) {
          await orderIn;
          return db.transaction(fn).finally(paymentWritten);
        }
        if (calls === 2) await paymentDone;
        return db.transaction(fn);
      },
    });
    const service = new RecordNotificationService(sequenced);
    const order = orderCreated();

    const paymentRecorded = service.record(paymentFailed(order));
    // Two turns: the payment is submitted a few microtasks in, and its batch taken on the turn after.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const orderRecorded = service.record(order);
    await new Promise((resolve) => setImmediate(resolve));
    orderSubmitted();

    expect(await Promise.all([paymentRecorded, orderRecorded])).toEqual(['recorded', 'recorded']);
    expect((await listNotifications(db, { orderId: order.data.orderId }, 10)).map((n) => n.kind)).toEqual(['PAYMENT_FAILED', 'ORDER_RECEIVED']);
  });
});
