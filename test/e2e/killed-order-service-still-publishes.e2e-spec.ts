import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeEvent, Topics } from '@app/contracts';
import { ApiKey, ErrorCode } from '@app/kafka-broker';
import { itOnEmbedded } from '../support/test-broker';
import { paymentOf, startPaymentService } from '../../apps/payment-service/test/payment-test-kit';
import { afterTest, readTopic, recordCount, testAdmin, testDatabaseUrl, testSchema, uniqueId, useBroker } from '../support/service-test-kit';
import { startChildService } from './support/child-service';
import { orderRequest, settledOrder } from './support/orders';

/** Where both order-service processes keep their data: a schema on PostgreSQL, or a PGlite directory on disk. */
async function orderStore(): Promise<Record<string, string>> {
  const schema = testSchema('order_e2e');
  if (testDatabaseUrl) return { TEST_SCHEMA: schema, DATABASE_URL: testDatabaseUrl };
  const dataDir = await mkdtemp(join(tmpdir(), 'order-service-e2e-'));
  afterTest(() => rm(dataDir, { recursive: true, force: true }));
  return { TEST_SCHEMA: schema, DATA_DIR: dataDir };
}

function httpOf(url: string): (path: string) => Promise<{ status: number; body: unknown }> {
  return async (path) => {
    const response = await fetch(`${url}${path}`);
    return { status: response.status, body: await response.json() };
  };
}

describe('an order-service killed right after answering 201', () => {
  const broker = useBroker();

  // Embedded-only: the broker is made to refuse writes (fault injection).
  itOnEmbedded(
    'publishes the order once restarted, and the order is paid exactly once',
    async () => {
      const payments = await startPaymentService(broker());
      const admin = await testAdmin(broker());
      const store = await orderStore();
      const env = { ...store, KAFKA_BROKERS: broker().bootstrapServers };
      const first = await startChildService('order-service', env);

      // Kafka refuses every write: the order commits with its outbox row, and the relay cannot publish it.
      const restoreProduce = broker().faults.add({ apiKey: ApiKey.Produce, action: { kind: 'fail', errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER } });
      const correlationId = uniqueId('corr-killed');
      const placed = await fetch(`${first.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
        body: JSON.stringify(orderRequest()),
      });
      expect(placed.status).toBe(201);
      const { orderId } = (await placed.json()) as { orderId: string };
      await first.kill();
      restoreProduce();
      expect(await recordCount(admin, Topics.OrderCreated)).toBe(0);

      const second = await startChildService('order-service', env);
      const order = await settledOrder(httpOf(second.url), orderId);
      const payment = await paymentOf(payments, orderId);
      expect(order).toMatchObject({ status: 'PAID', paymentId: payment.paymentId });
      expect(payment).toMatchObject({ status: 'SUCCEEDED' });

      expect(await recordCount(admin, Topics.OrderCreated)).toBe(1);
      const [created] = await readTopic(broker(), Topics.OrderCreated, 1);
      expect(created.key).toBe(orderId);
      expect(created.headers['correlation-id']).toBe(correlationId);
      expect(decodeEvent('OrderCreated', created.value).data.orderId).toBe(orderId);
      expect(await recordCount(admin, Topics.PaymentProcessed)).toBe(1);
    },
    180_000,
  );
});
