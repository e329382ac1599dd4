import { Topics } from '@app/contracts';
import { committedCount, eventually, metricValue, publishPaymentResult, readTopic, RunningOrderService, startOrderService, testKafka, useBroker, validOrder } from './order-service-test-kit';

interface OrderBody {
  orderId: string;
  status: string;
  paymentId: string | null;
  cancellationReason: string | null;
  updatedAt: string;
}

async function orderOf(service: RunningOrderService, orderId: string): Promise<OrderBody> {
  return (await service.http.get(`/orders/${orderId}`)).body as OrderBody;
}

async function placeOrder(service: RunningOrderService): Promise<string> {
  return (await service.http.post('/orders').send(validOrder())).body.orderId as string;
}

describe('a payment result updates the order', () => {
  const broker = useBroker();

  it('marks the order PAID on PaymentProcessed, and a redelivery changes nothing', async () => {
    const service = await startOrderService(broker());
    const orderId = await placeOrder(service);
    const { eventId } = await publishPaymentResult(broker(), 'PaymentProcessed', { orderId, paymentId: 'pay_45c48cce', amountCents: 8899 });

    const paid = await eventually(async () => {
      const order = await orderOf(service, orderId);
      return order.status === 'PAID' ? order : undefined;
    }, 'the order paid');
    expect(paid).toMatchObject({ status: 'PAID', paymentId: 'pay_45c48cce', cancellationReason: null });

    // The same event again, then a contradicting failure for the already paid order.
    await publishPaymentResult(broker(), 'PaymentProcessed', { orderId, paymentId: 'pay_other', amountCents: 8899 }, { eventId });
    await publishPaymentResult(broker(), 'PaymentFailed', { orderId, paymentId: null, reason: 'DECLINED', message: 'card declined' });
    await eventually(async () => ((await committedCount(broker(), Topics.PaymentProcessed)) === 2 ? true : undefined), 'the redelivery acknowledged');
    await eventually(async () => ((await committedCount(broker(), Topics.PaymentFailed)) === 1 ? true : undefined), 'the late failure acknowledged');

    expect(await orderOf(service, orderId)).toEqual(paid);
    expect(await metricValue(service, 'order_payment_results_total{outcome="paid"')).toBe(1);
    expect(await metricValue(service, 'order_payment_results_total{outcome="ignored"')).toBe(1);
    expect(service.logs.some((l) => l.level === 'warn' && l.orderId === orderId && /already PAID/.test(String(l.msg)))).toBe(true);
  });

  it('marks the order CANCELLED with the reason on PaymentFailed', async () => {
    const service = await startOrderService(broker());
    const order = validOrder();
    const orderId = (await service.http.post('/orders').send(order)).body.orderId as string;
    await publishPaymentResult(broker(), 'PaymentFailed', { orderId, paymentId: 'pay_9', reason: 'INSUFFICIENT_FUNDS', message: 'card has insufficient funds' });

    const cancelled = await eventually(async () => {
      const order = await orderOf(service, orderId);
      return order.status === 'CANCELLED' ? order : undefined;
    }, 'the order cancelled');
    expect(cancelled).toMatchObject({ paymentId: 'pay_9', cancellationReason: 'INSUFFICIENT_FUNDS' });
    const listed = await service.http.get('/orders').query({ userId: order.userId });
    expect(listed.body.orders).toEqual([expect.objectContaining({ orderId, status: 'CANCELLED', cancellationReason: 'INSUFFICIENT_FUNDS' })]);
  });

  it('acknowledges results for unknown orders without retrying or dead-lettering them', async () => {
    const service = await startOrderService(broker());
    await publishPaymentResult(broker(), 'PaymentProcessed', { orderId: '7d0c3f4e-5b6a-4c8d-9e0f-1a2b3c4d5e6f', paymentId: 'pay_1', amountCents: 100 });
    await publishPaymentResult(broker(), 'PaymentFailed', { orderId: 'ord_from_elsewhere', paymentId: null, reason: 'DECLINED', message: 'no' });
    await eventually(async () => ((await committedCount(broker(), Topics.PaymentProcessed)) === 1 ? true : undefined), 'the unknown paid order acknowledged');
    await eventually(async () => ((await committedCount(broker(), Topics.PaymentFailed)) === 1 ? true : undefined), 'the unknown failed order acknowledged');

    expect(await metricValue(service, 'order_payment_results_total{outcome="ignored"')).toBe(2);
    expect(await metricValue(service, 'kafka_messages_dead_lettered_total')).toBeUndefined();
    expect(await metricValue(service, 'kafka_messages_retried_total')).toBeUndefined();
    expect(service.logs.filter((l) => /unknown order/.test(String(l.msg)))).toHaveLength(2);
  });

  it('dead-letters a payment result that is not a valid event', async () => {
    const service = await startOrderService(broker());
    const orderId = await placeOrder(service);
    const producer = testKafka(broker()).producer();
    await producer.connect();
    await producer.send({ topic: Topics.PaymentProcessed, messages: [{ key: orderId, value: '{"eventType":"PaymentProcessed"}', headers: { 'event-id': 'broken-1' } }] });
    await producer.disconnect();

    const [dead] = await readTopic(broker(), `${Topics.PaymentProcessed}-dlq`, 1);
    expect(dead.key).toBe(orderId);
    expect((await orderOf(service, orderId)).status).toBe('PENDING');
  });
});
