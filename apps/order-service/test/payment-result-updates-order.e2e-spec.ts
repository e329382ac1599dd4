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

    // The same event again (a duplicate), the same payment's outcome under a new event id (a replay), then a
    // contradicting failure and a second payment for the already paid order (conflicts, dead-lettered).
    await publishPaymentResult(broker(), 'PaymentProcessed', { orderId, paymentId: 'pay_other', amountCents: 8899 }, { eventId });
    await publishPaymentResult(broker(), 'PaymentProcessed', { orderId, paymentId: 'pay_45c48cce', amountCents: 8899 });
    await publishPaymentResult(broker(), 'PaymentFailed', { orderId, paymentId: null, reason: 'DECLINED', message: 'card declined' });
    await publishPaymentResult(broker(), 'PaymentProcessed', { orderId, paymentId: 'pay_second', amountCents: 8899 });
    const [failedConflict] = await readTopic(broker(), `${Topics.PaymentFailed}-dlq`, 1);
    const [paidConflict] = await readTopic(broker(), `${Topics.PaymentProcessed}-dlq`, 1);
    expect(failedConflict.headers).toMatchObject({ 'dlq-error-type': 'ORDER.CONFLICTING_PAYMENT_RESULT', 'dlq-consumer-group': 'order-service' });
    expect(failedConflict.headers['dlq-error-message']).toBe(`PaymentFailed (payment none) conflicts with order ${orderId} already PAID by payment pay_45c48cce`);
    expect(paidConflict.headers['dlq-error-message']).toBe(`PaymentProcessed (payment pay_second) conflicts with order ${orderId} already PAID by payment pay_45c48cce`);
    await eventually(async () => ((await committedCount(broker(), Topics.PaymentProcessed)) === 4 ? true : undefined), 'every result acknowledged');

    expect(await orderOf(service, orderId)).toEqual(paid);
    expect(await metricValue(service, 'order_payment_results_total{outcome="paid"')).toBe(1);
  });

  it('dead-letters a PaymentProcessed for another amount than the order total, and the order stays PENDING', async () => {
    const service = await startOrderService(broker());
    const orderId = await placeOrder(service);
    await publishPaymentResult(broker(), 'PaymentProcessed', { orderId, paymentId: 'pay_cheap', amountCents: 1 });

    const [dead] = await readTopic(broker(), `${Topics.PaymentProcessed}-dlq`, 1);
    expect(dead.headers).toMatchObject({ 'dlq-error-type': 'ORDER.PAYMENT_AMOUNT_MISMATCH' });
    expect(dead.headers['dlq-error-message']).toBe(`PaymentProcessed (payment pay_cheap) of 1 cents for order ${orderId}, whose total is 8899 cents; the order stays PENDING`);
    expect((await orderOf(service, orderId)).status).toBe('PENDING');
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

  it('dead-letters results for orders it never issued, without retrying them', async () => {
    const service = await startOrderService(broker());
    await publishPaymentResult(broker(), 'PaymentProcessed', { orderId: '7d0c3f4e-5b6a-4c8d-9e0f-1a2b3c4d5e6f', paymentId: 'pay_1', amountCents: 100 });
    await publishPaymentResult(broker(), 'PaymentFailed', { orderId: 'ord_from_elsewhere', paymentId: null, reason: 'DECLINED', message: 'no' });
    const [paid] = await readTopic(broker(), `${Topics.PaymentProcessed}-dlq`, 1);
    const [failed] = await readTopic(broker(), `${Topics.PaymentFailed}-dlq`, 1);
    expect(paid.headers).toMatchObject({ 'dlq-error-type': 'ORDER.UNKNOWN_ORDER', 'dlq-attempts': '1' });
    expect(paid.headers['dlq-error-message']).toBe('PaymentProcessed (payment pay_1) for order 7d0c3f4e-5b6a-4c8d-9e0f-1a2b3c4d5e6f, which this service never issued');
    expect(failed.headers['dlq-error-message']).toBe('PaymentFailed (payment none) for order ord_from_elsewhere, which this service never issued');
    expect(await metricValue(service, 'kafka_messages_retried_total')).toBeUndefined();
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
