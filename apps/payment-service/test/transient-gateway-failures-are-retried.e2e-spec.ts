import { Topics } from '@app/contracts';
import { retryTopic } from '@app/kafka';
import { orderCreated, paymentOf, publishOrders, readTopic, startPaymentService, testAdmin, testProducer, useBroker } from './payment-test-kit';

const GROUP = 'payment-service';
const INITIAL_DELAY_MS = 1000;

describe('transient gateway failures', () => {
  const broker = useBroker();

  it('are retried with growing delays until the charge goes through, while later orders of the partition are paid', async () => {
    const admin = await testAdmin(broker());
    await admin.createTopics({ topics: [{ topic: Topics.OrderCreated, numPartitions: 1 }] });
    const service = await startPaymentService(broker(), { env: { KAFKA_RETRY_INITIAL_DELAY_MS: String(INITIAL_DELAY_MS) } });
    const producer = await testProducer(broker());
    // test-flaky: the gateway times out on the first two delivery attempts.
    const flaky = orderCreated({ userId: 'test-flaky-bob' });
    const later = orderCreated();

    await publishOrders(producer, [flaky, later]);

    // The later order, behind the flaky one on the same partition, is paid while the flaky one waits for its retry.
    await paymentOf(service, later.data.orderId);
    expect((await service.http().get(`/payments/${flaky.data.orderId}`)).status).toBe(404);

    const payment = await paymentOf(service, flaky.data.orderId);
    expect(payment).toMatchObject({ status: 'SUCCEEDED', amount: 88.99 });

    const [first] = await readTopic(broker(), retryTopic(Topics.OrderCreated, GROUP, 1), 1);
    const [second] = await readTopic(broker(), retryTopic(Topics.OrderCreated, GROUP, 2), 1);
    const delayOf = (record: typeof first) => Number(record.headers['retry-due-at']) - record.timestamp;
    expect(first.headers).toMatchObject({ 'retry-attempt': '2', 'retry-error-type': 'GATEWAY.UNAVAILABLE', 'event-id': flaky.eventId });
    expect(second.headers).toMatchObject({ 'retry-attempt': '3', 'retry-error-type': 'GATEWAY.UNAVAILABLE' });
    expect(delayOf(first)).toBeGreaterThanOrEqual(INITIAL_DELAY_MS - 50);
    expect(delayOf(second)).toBeGreaterThan(delayOf(first));

    const processed = await readTopic(broker(), Topics.PaymentProcessed, 2);
    expect(processed.map((record) => record.key).sort()).toEqual([flaky.data.orderId, later.data.orderId].sort());
    const metrics = await service.http().get('/metrics');
    expect(metrics.text).toMatch(/kafka_messages_retried_total\{[^}]*topic="order-created"[^}]*\} 2/);
  });
});
