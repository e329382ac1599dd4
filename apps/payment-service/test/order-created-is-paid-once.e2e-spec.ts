import { createEvent, decodeEvent, Topics } from '@app/contracts';
import { orderCreated, orderData, paymentOf, publishOrders, readTopic, recordCount, startPaymentService, testAdmin, testProducer, useBroker } from './payment-test-kit';

describe('an OrderCreated event is paid once', () => {
  const broker = useBroker();

  beforeEach(async () => {
    // One partition: the sentinel order published last is handled after everything before it.
    const admin = await testAdmin(broker());
    await admin.createTopics({ topics: [{ topic: Topics.OrderCreated, numPartitions: 1 }] });
  });

  it('charges the order and publishes one PaymentProcessed when the same event is delivered twice', async () => {
    const service = await startPaymentService(broker());
    const producer = await testProducer(broker());
    const order = orderCreated();
    const sentinel = orderCreated();

    await publishOrders(producer, [order]);
    await publishOrders(producer, [order, sentinel]);

    const payment = await paymentOf(service, order.data.orderId);
    expect(payment).toMatchObject({ orderId: order.data.orderId, userId: order.data.userId, status: 'SUCCEEDED', amount: 88.99, currency: 'USD', failureReason: null });
    await paymentOf(service, sentinel.data.orderId);

    const published = await readTopic(broker(), Topics.PaymentProcessed, 2);
    const forOrder = published.filter((record) => record.key === order.data.orderId);
    expect(forOrder).toHaveLength(1);
    // Built unchecked in the service: it must decode as every consumer decodes it.
    const event = decodeEvent('PaymentProcessed', forOrder[0].value ?? '');
    expect(event).toMatchObject({
      eventType: 'PaymentProcessed',
      correlationId: order.correlationId,
      data: { orderId: order.data.orderId, paymentId: payment.paymentId, amountCents: 8899 },
    });
    expect(forOrder[0].headers).toMatchObject({ 'event-id': event.eventId, 'event-type': 'PaymentProcessed', 'correlation-id': order.correlationId });
    expect(await recordCount(await testAdmin(broker()), Topics.PaymentProcessed)).toBe(2);
  });

  it('does not charge an order again for a second OrderCreated with another event id', async () => {
    const service = await startPaymentService(broker());
    const producer = await testProducer(broker());
    const data = orderData();
    const first = createEvent('OrderCreated', data, { correlationId: 'first-attempt' });
    const republished = createEvent('OrderCreated', data, { correlationId: 'republished' });
    const sentinel = orderCreated();

    await publishOrders(producer, [first, republished, sentinel]);

    const payment = await paymentOf(service, data.orderId);
    await paymentOf(service, sentinel.data.orderId);
    expect((await service.http().get(`/payments/${data.orderId}`)).body).toEqual(payment);
    const published = await readTopic(broker(), Topics.PaymentProcessed, 2);
    expect(published.filter((record) => record.key === data.orderId).map((record) => record.headers['correlation-id'])).toEqual(['first-attempt']);
  });

  it('answers 404 for an order without a payment', async () => {
    const service = await startPaymentService(broker());
    const response = await service.http().get('/payments/ord_unknown');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'PAYMENT.NOT_FOUND' });
  });
});
