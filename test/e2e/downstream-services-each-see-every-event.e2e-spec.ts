import { deadLetterTopic, Topics } from '@app/contracts';
import { startAnalyticsService } from '../../apps/analytics-service/test/analytics-test-kit';
import { notificationsOf, startNotificationService } from '../../apps/notification-service/test/notification-test-kit';
import { paymentOf, startPaymentService } from '../../apps/payment-service/test/payment-test-kit';
import { orderCreated } from '../support/event-fixtures';
import { caughtUp, publishEvents, testAdmin, testProducer, useBroker } from '../support/service-test-kit';

const TOPICS = [Topics.OrderCreated, Topics.PaymentProcessed, Topics.PaymentFailed];

describe('payment, notification and analytics services on one broker', () => {
  const broker = useBroker();

  it('each see every event in their own group, and a redelivery of everything changes nothing', async () => {
    const payments = await startPaymentService(broker());
    const notifications = await startNotificationService(broker());
    const analytics = await startAnalyticsService(broker());
    const admin = await testAdmin(broker());
    const producer = await testProducer(broker());
    const paid = [orderCreated({ totalCents: 8899 }), orderCreated({ totalCents: 1250 })];
    const declined = orderCreated({ userId: 'test-decline-dora', totalCents: 700 });
    const orders = [...paid, declined];

    await publishEvents(producer, orders);
    await producer.send({ topic: Topics.OrderCreated, messages: [{ key: 'broken', value: 'not an event' }] });

    for (const order of paid) expect(await paymentOf(payments, order.data.orderId)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await paymentOf(payments, declined.data.orderId)).toMatchObject({ status: 'FAILED', failureReason: 'DECLINED' });
    for (const order of orders) {
      const kinds = (await notificationsOf(notifications, { orderId: order.data.orderId }, 2)).map((n) => n.kind);
      expect(kinds).toEqual([order === declined ? 'PAYMENT_FAILED' : 'PAYMENT_SUCCEEDED', 'ORDER_RECEIVED']);
    }
    const expected = {
      orders: 3,
      revenue: 101.49,
      revenueCents: 10149,
      currency: 'USD',
      paymentsSucceeded: 2,
      paymentsFailed: 1,
      // The broken message is dead-lettered once by each of the three groups.
      deadLetters: 3,
      deadLettersByTopic: { [deadLetterTopic(Topics.OrderCreated)]: 3 },
    };
    // Every group has dead-lettered the broken message before analytics is asked to have counted it.
    await caughtUp(admin, 'payment-service', [Topics.OrderCreated]);
    await caughtUp(admin, 'notification-service', TOPICS);
    await caughtUp(admin, 'analytics-service', [...TOPICS, deadLetterTopic(Topics.OrderCreated)]);
    expect((await analytics.http().get('/analytics')).body).toEqual(expected);

    await publishEvents(producer, orders);
    await caughtUp(admin, 'payment-service', [Topics.OrderCreated]);
    await caughtUp(admin, 'notification-service', TOPICS);
    await caughtUp(admin, 'analytics-service', [...TOPICS, deadLetterTopic(Topics.OrderCreated)]);
    expect((await analytics.http().get('/analytics')).body).toEqual(expected);
    for (const order of orders) {
      expect((await notifications.http().get('/notifications').query({ orderId: order.data.orderId })).body.notifications).toHaveLength(2);
    }
  });
});
