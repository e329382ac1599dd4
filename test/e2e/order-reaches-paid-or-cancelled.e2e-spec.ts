import { decodeEvent, Topics } from '@app/contracts';
import { startAnalyticsService } from '../../apps/analytics-service/test/analytics-test-kit';
import { notificationsOf, startNotificationService } from '../../apps/notification-service/test/notification-test-kit';
import { paymentOf, startPaymentService } from '../../apps/payment-service/test/payment-test-kit';
import { caughtUp, readTopic, recordCount, testAdmin, uniqueId, useBroker } from '../support/service-test-kit';
import { startOrderService } from './support/order-service-in-process';
import { orderRequest, settledOrder, userId } from './support/orders';

const TOPICS = [Topics.OrderCreated, Topics.PaymentProcessed, Topics.PaymentFailed];

describe('an order placed over HTTP, through the four services on one broker', () => {
  const broker = useBroker();

  it('ends PAID, or CANCELLED when the card is declined; notification and analytics see every event; every event carries the correlation id of the POST', async () => {
    const orders = await startOrderService(broker());
    const payments = await startPaymentService(broker());
    const notifications = await startNotificationService(broker());
    const analytics = await startAnalyticsService(broker());
    const admin = await testAdmin(broker());

    const paidCorrelation = uniqueId('corr-paid');
    const declinedCorrelation = uniqueId('corr-declined');
    const paid = await orders.http().post('/orders').set('x-correlation-id', paidCorrelation).send(orderRequest(userId(), 24.5));
    const declined = await orders
      .http()
      .post('/orders')
      .set('x-correlation-id', declinedCorrelation)
      .send(orderRequest(userId('test-decline'), 10));
    expect([paid.status, declined.status]).toEqual([201, 201]);
    expect(paid.body).toMatchObject({ status: 'PENDING', total: 49 });
    const paidId = paid.body.orderId as string;
    const declinedId = declined.body.orderId as string;

    const get = (path: string) => orders.http().get(path);
    const payment = await paymentOf(payments, paidId);
    expect(payment).toMatchObject({ orderId: paidId, status: 'SUCCEEDED', amount: 49 });
    expect(await settledOrder(get, paidId)).toMatchObject({ status: 'PAID', paymentId: payment.paymentId });
    expect(await paymentOf(payments, declinedId)).toMatchObject({ status: 'FAILED', failureReason: 'DECLINED' });
    expect(await settledOrder(get, declinedId)).toMatchObject({ status: 'CANCELLED', paymentId: expect.any(String) });

    // Pub/sub: each group read every event for itself.
    expect((await notificationsOf(notifications, { orderId: paidId }, 2)).map((n) => n.kind)).toEqual(['PAYMENT_SUCCEEDED', 'ORDER_RECEIVED']);
    expect((await notificationsOf(notifications, { orderId: declinedId }, 2)).map((n) => n.kind)).toEqual(['PAYMENT_FAILED', 'ORDER_RECEIVED']);
    await caughtUp(admin, 'analytics-service', TOPICS);
    expect((await analytics.http().get('/analytics')).body).toMatchObject({ orders: 2, revenueCents: 4900, paymentsSucceeded: 1, paymentsFailed: 1, deadLetters: 0 });

    const correlationOf: Record<string, string> = { [paidId]: paidCorrelation, [declinedId]: declinedCorrelation };
    const seen = new Map<string, string[]>();
    for (const topic of TOPICS) {
      const records = await readTopic(broker(), topic, await recordCount(admin, topic));
      for (const record of records) {
        const event = decodeEvent(['OrderCreated', 'PaymentProcessed', 'PaymentFailed'], record.value);
        const orderId = event.data.orderId;
        expect(record.key).toBe(orderId);
        expect(record.headers['correlation-id']).toBe(correlationOf[orderId]);
        expect(event.correlationId).toBe(correlationOf[orderId]);
        seen.set(orderId, [...(seen.get(orderId) ?? []), event.eventType]);
      }
    }
    expect(new Set(seen.get(paidId))).toEqual(new Set(['OrderCreated', 'PaymentProcessed']));
    expect(new Set(seen.get(declinedId))).toEqual(new Set(['OrderCreated', 'PaymentFailed']));
  });
});
