import { Topics } from '@app/contracts';
import {
  assignments,
  eventually,
  orderCreated,
  paymentOf,
  publishOrders,
  readTopic,
  recordCount,
  sharedDatabase,
  startPaymentService,
  testAdmin,
  testProducer,
  useBroker,
} from './payment-test-kit';

const GROUP = 'payment-service';
const PARTITIONS = 6;

describe('two instances of the payment service', () => {
  const broker = useBroker();

  async function startTwo(env: Record<string, string> = {}) {
    const admin = await testAdmin(broker());
    await admin.createTopics({ topics: [{ topic: Topics.OrderCreated, numPartitions: PARTITIONS }] });
    const database = await sharedDatabase();
    const first = await startPaymentService(broker(), { sharedDatabase: database, env });
    const second = await startPaymentService(broker(), { sharedDatabase: database, env });
    const split = await eventually(async () => {
      const members = await assignments(admin, GROUP, Topics.OrderCreated);
      return members?.length === 2 && members.every((partitions) => partitions.length > 0) ? members : undefined;
    }, 'both instances to own partitions');
    return { admin, first, second, split };
  }

  it('split the partitions and pay every order exactly once', async () => {
    const { admin, first, second, split } = await startTwo();
    expect(split.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    const producer = await testProducer(broker());
    const orders = Array.from({ length: 24 }, () => orderCreated());

    await publishOrders(producer, orders);
    // Redeliveries too: every event once more.
    await publishOrders(producer, orders);

    for (const order of orders) {
      const fromFirst = await paymentOf(first, order.data.orderId);
      expect((await second.http().get(`/payments/${order.data.orderId}`)).body).toEqual(fromFirst);
    }
    const processed = await readTopic(broker(), Topics.PaymentProcessed, orders.length);
    expect(processed.map((record) => record.key).sort()).toEqual(orders.map((order) => order.data.orderId).sort());
    const paidBy = await Promise.all([first, second].map(async (service) => outcomeCount((await service.http().get('/metrics')).text, 'paid')));
    expect(paidBy.every((count) => count > 0)).toBe(true);
    expect(paidBy[0] + paidBy[1]).toBe(orders.length);
    expect(await recordCount(admin, Topics.PaymentProcessed)).toBe(orders.length);
  });

  it('pay an event once when both instances read it at the same time', async () => {
    // Gateway latency keeps both instances between their "already paid?" check and their insert at once.
    const { admin, first, second, split } = await startTwo({ GATEWAY_LATENCY_MS: '300' });
    const producer = await testProducer(broker());
    const order = orderCreated();
    const sentinels = split.map((partitions) => ({ partition: partitions[0], event: orderCreated() }));

    for (const { partition, event } of sentinels) await publishOrders(producer, [order, event], partition);

    for (const { event } of sentinels) await paymentOf(first, event.data.orderId);
    const payment = await paymentOf(first, order.data.orderId);
    const processed = await readTopic(broker(), Topics.PaymentProcessed, 3);
    expect(processed.filter((record) => record.key === order.data.orderId).map((record) => JSON.parse(record.value ?? '').data.paymentId)).toEqual([payment.paymentId]);
    expect(await recordCount(admin, Topics.PaymentProcessed)).toBe(3);
    // Each instance handled the event: one paid it, the other found it paid and acknowledged it.
    const scraped = await Promise.all([first, second].map(async (service) => (await service.http().get('/metrics')).text));
    expect(scraped.map((text) => outcomeCount(text, 'duplicate')).reduce((a, b) => a + b)).toBe(1);
    expect(scraped.map((text) => outcomeCount(text, 'paid')).reduce((a, b) => a + b)).toBe(3);
  });
});

function outcomeCount(metrics: string, outcome: string): number {
  const match = new RegExp(`^payments_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)$`, 'm').exec(metrics);
  return match ? Number(match[1]) : 0;
}
