import { Client } from 'pg';
import { decodeEvent, Topics } from '@app/contracts';
import { assignments, eventually, readTopic, recordCount, testAdmin, testDatabaseUrl, testSchema, useBroker } from '../support/service-test-kit';
import { ChildService, startChildService } from './support/child-service';
import { startOrderService } from './support/order-service-in-process';
import { orderRequest, settledOrder } from './support/orders';
import { describeOnPostgres } from '../../libs/database/test/postgres-only';

const ORDERS = 300;
const PARTITIONS = 6;

/** Places `count` orders, a few at a time, and returns their ids in order. */
async function placeOrders(post: () => Promise<{ status: number; body: { orderId?: string } }>, count: number): Promise<string[]> {
  const ids: string[] = [];
  const worker = async (): Promise<void> => {
    while (ids.length < count) {
      ids.push('');
      const slot = ids.length - 1;
      const response = await post();
      if (response.status !== 201 || response.body.orderId === undefined) throw new Error(`POST /orders answered ${response.status}`);
      ids[slot] = response.body.orderId;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

describeOnPostgres('two payment-service instances, one killed with SIGKILL mid-stream', 'two processes share one payment database', () => {
  const broker = useBroker();
  let db: Client;

  beforeEach(async () => {
    db = new Client({ connectionString: testDatabaseUrl });
    await db.connect();
  });
  afterEach(async () => {
    await db.end();
  });

  it('lose no order and pay none twice: the survivor takes over the partitions and every order is PAID once', async () => {
    const admin = await testAdmin(broker());
    await admin.createTopics({
      waitForLeaders: true,
      topics: [Topics.OrderCreated, Topics.PaymentProcessed, Topics.PaymentFailed].map((topic) => ({ topic, numPartitions: PARTITIONS })),
    });
    const schema = testSchema('payment_e2e');
    const env = (clientId: string) => ({
      KAFKA_BROKERS: broker().bootstrapServers,
      KAFKA_CLIENT_ID: clientId,
      DATABASE_URL: testDatabaseUrl ?? '',
      TEST_SCHEMA: schema,
      GATEWAY_LATENCY_MS: '20',
      GATEWAY_LATENCY_JITTER_MS: '20',
      // The per-payment line that shows the victim was at work is written at debug.
      LOG_LEVEL: 'debug',
    });
    const [victim, survivor]: ChildService[] = await Promise.all([startChildService('payment-service', env('payment-a')), startChildService('payment-service', env('payment-b'))]);
    const split = await eventually(async () => {
      const owned = await assignments(admin, 'payment-service', Topics.OrderCreated);
      return owned?.length === 2 && owned.every((partitions) => partitions.length > 0) ? owned : undefined;
    }, 'both instances to own partitions of order-created');
    expect(split.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);

    const orders = await startOrderService(broker());
    const placing = placeOrders(() => orders.http().post('/orders').send(orderRequest()), ORDERS);
    const paymentCount = async (): Promise<number> => Number((await db.query(`SELECT count(*) AS n FROM "${schema}".payments`)).rows[0].n);
    const paidBeforeKill = await eventually(async () => {
      const n = await paymentCount();
      return n >= ORDERS / 5 ? n : undefined;
    }, 'a fifth of the payments');
    await victim.kill();
    // The kill hits an instance at work, before the stream is through.
    expect(paidBeforeKill).toBeLessThan(ORDERS);
    expect(victim.output()).toContain('"outcome":"paid"');

    const orderIds = await placing;
    for (const orderId of orderIds) {
      expect(await settledOrder((path) => orders.http().get(path), orderId)).toMatchObject({ orderId, status: 'PAID' });
    }
    const { rows } = await db.query<{ order_id: string; status: string }>(`SELECT order_id, status FROM "${schema}".payments`);
    expect(rows.map((row) => row.order_id).sort()).toEqual([...orderIds].sort());
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['SUCCEEDED']));
    const owned = await assignments(admin, 'payment-service', Topics.OrderCreated);
    expect(owned).toEqual([[0, 1, 2, 3, 4, 5]]);
    expect(survivor.output()).toContain('"outcome":"paid"');

    // Delivery is at least once, so an event may be published twice, but never for a second payment of an order.
    const published = await readTopic(broker(), Topics.PaymentProcessed, await recordCount(admin, Topics.PaymentProcessed));
    const paymentIdsByOrder = new Map<string, Set<string>>();
    for (const record of published) {
      const { orderId, paymentId } = decodeEvent('PaymentProcessed', record.value).data;
      paymentIdsByOrder.set(orderId, (paymentIdsByOrder.get(orderId) ?? new Set()).add(paymentId));
    }
    expect(paymentIdsByOrder.size).toBe(ORDERS);
    expect([...paymentIdsByOrder.values()].every((ids) => ids.size === 1)).toBe(true);
  }, 180_000);
});
