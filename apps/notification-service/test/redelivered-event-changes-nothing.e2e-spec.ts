import { Topics } from '@app/contracts';
import { notificationsOf, orderCreated, paymentProcessed, publishEvents, startNotificationService, testAdmin, testProducer, useBroker } from './notification-test-kit';

describe('a redelivered event', () => {
  const broker = useBroker();

  it('adds no second notification', async () => {
    // One partition per topic: the sentinel published after the duplicates is handled after them.
    const admin = await testAdmin(broker());
    await admin.createTopics({ topics: [Topics.OrderCreated, Topics.PaymentProcessed].map((topic) => ({ topic, numPartitions: 1 })) });
    const service = await startNotificationService(broker());
    const producer = await testProducer(broker());
    const order = orderCreated();
    const sentinel = orderCreated();

    await publishEvents(producer, [order, order, sentinel]);
    await notificationsOf(service, { orderId: sentinel.data.orderId }, 1);
    const paid = paymentProcessed(order);
    await publishEvents(producer, [paid, paid, paymentProcessed(sentinel)]);
    await notificationsOf(service, { orderId: sentinel.data.orderId }, 2);

    const notifications = await notificationsOf(service, { orderId: order.data.orderId }, 2);
    expect(notifications.map((n) => n.kind)).toEqual(['PAYMENT_SUCCEEDED', 'ORDER_RECEIVED']);
  });
});
