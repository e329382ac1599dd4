import { deadLetterTopic, Topics } from '@app/contracts';
import { retryTopic } from '@app/kafka';
import {
  notificationsOf,
  orderCreated,
  paymentFailed,
  paymentProcessed,
  publishEvents,
  readTopic,
  startNotificationService,
  testProducer,
  uniqueId,
  useBroker,
} from './notification-test-kit';

describe('notifications', () => {
  const broker = useBroker();

  it('are recorded for every order and payment event, found by user and by order', async () => {
    const service = await startNotificationService(broker());
    const producer = await testProducer(broker());
    const userId = uniqueId('usr');
    const paid = orderCreated({ userId, totalCents: 8899 });
    const declined = orderCreated({ userId, totalCents: 1250 });

    await publishEvents(producer, [paid, declined]);
    await notificationsOf(service, { userId }, 2);
    await publishEvents(producer, [paymentProcessed(paid), paymentFailed(declined, 'DECLINED')]);

    const all = await notificationsOf(service, { userId }, 4);
    expect(all.map((n) => [n.orderId, n.kind, n.message]).sort()).toEqual(
      [
        [paid.data.orderId, 'ORDER_RECEIVED', 'order received (total 88.99 USD)'],
        [paid.data.orderId, 'PAYMENT_SUCCEEDED', 'payment succeeded (88.99 USD charged)'],
        [declined.data.orderId, 'ORDER_RECEIVED', 'order received (total 12.50 USD)'],
        [declined.data.orderId, 'PAYMENT_FAILED', 'payment failed: declined'],
      ].sort(),
    );
    expect(all.every((n) => n.userId === userId)).toBe(true);

    const forPaidOrder = await notificationsOf(service, { orderId: paid.data.orderId }, 2);
    expect(forPaidOrder.map((n) => n.kind)).toEqual(['PAYMENT_SUCCEEDED', 'ORDER_RECEIVED']);
    const other = await service.http().get('/notifications').query({ userId: 'usr_nobody' });
    expect(other.body).toEqual({ notifications: [] });
  });

  it('wait for the order when a payment event is read first', async () => {
    const service = await startNotificationService(broker());
    const producer = await testProducer(broker());
    const order = orderCreated();

    await publishEvents(producer, [paymentProcessed(order)]);
    const [retry] = await readTopic(broker(), retryTopic(Topics.PaymentProcessed, 'notification-service', 1), 1);
    expect(retry.headers['retry-error-type']).toBe('NOTIFICATION.ORDER_NOT_KNOWN_YET');
    await publishEvents(producer, [order]);

    const notifications = await notificationsOf(service, { orderId: order.data.orderId }, 2);
    expect(notifications.map((n) => n.kind).sort()).toEqual(['ORDER_RECEIVED', 'PAYMENT_SUCCEEDED']);
    expect(notifications.every((n) => n.userId === order.data.userId)).toBe(true);
  });

  it('are not recorded for payloads that break the contract, which go to the dead-letter topic', async () => {
    const service = await startNotificationService(broker());
    const producer = await testProducer(broker());
    const order = orderCreated();
    await producer.send({ topic: Topics.OrderCreated, messages: [{ key: order.data.orderId, value: '{"eventType":"OrderCreated"}', headers: { 'event-id': uniqueId('evt') } }] });
    await publishEvents(producer, [order]);

    await notificationsOf(service, { orderId: order.data.orderId }, 1);
    const [dead] = await readTopic(broker(), deadLetterTopic(Topics.OrderCreated), 1);
    expect(dead.headers).toMatchObject({ 'dlq-consumer-group': 'notification-service', 'dlq-error-type': 'EVENT.INVALID_ENVELOPE' });
  });

  it('answer 400 naming the fields when neither userId nor orderId is given', async () => {
    const service = await startNotificationService(broker());
    const response = await service.http().get('/notifications');
    expect(response.status).toBe(400);
    expect(response.body.fields.map((field: { path: string }) => field.path)).toEqual(['userId', 'orderId']);
    const badLimit = await service.http().get('/notifications').query({ userId: 'u', limit: '0' });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.fields.map((field: { path: string }) => field.path)).toEqual(['limit']);
  });
});
