import { deadLetterTopic, Topics } from '@app/contracts';
import { ANALYTICS_GROUP, caughtUp, orderCreated, paymentFailed, paymentProcessed, publishEvents, startAnalyticsService, testAdmin, testProducer, useBroker } from './analytics-test-kit';

const SOURCE_TOPICS = [Topics.OrderCreated, Topics.PaymentProcessed, Topics.PaymentFailed];
const DEAD_LETTER_TOPICS = SOURCE_TOPICS.map((topic) => deadLetterTopic(topic));

describe('analytics', () => {
  const broker = useBroker();

  it('counts orders, revenue, payments and dead letters, each event once however often it is delivered', async () => {
    const service = await startAnalyticsService(broker());
    const admin = await testAdmin(broker());
    const producer = await testProducer(broker());
    expect((await service.http().get('/analytics')).body).toEqual({
      orders: 0,
      revenue: 0,
      revenueCents: 0,
      currency: 'USD',
      paymentsSucceeded: 0,
      paymentsFailed: 0,
      deadLetters: 0,
      deadLettersByTopic: {},
    });
    const big = orderCreated({ totalCents: 8899 });
    const small = orderCreated({ totalCents: 1250 });
    const declined = orderCreated({ totalCents: 500 });
    const events = [big, small, declined, paymentProcessed(big), paymentProcessed(small), paymentFailed(declined)];

    await publishEvents(producer, events);
    await publishEvents(producer, events);
    // Dead letters other groups parked (one not even JSON), and a payload analytics itself cannot read.
    await producer.send({ topic: deadLetterTopic(Topics.OrderCreated), messages: [{ key: 'k', value: 'not json', headers: { 'dlq-consumer-group': 'payment-service' } }] });
    await producer.send({ topic: deadLetterTopic(Topics.PaymentFailed), messages: [{ key: 'k', value: '{}', headers: { 'dlq-consumer-group': 'order-service' } }] });
    await producer.send({ topic: Topics.PaymentProcessed, messages: [{ key: 'broken', value: '{"eventType":"PaymentProcessed"}' }] });

    await caughtUp(admin, ANALYTICS_GROUP, [...SOURCE_TOPICS, ...DEAD_LETTER_TOPICS]);
    expect((await service.http().get('/analytics')).body).toEqual({
      orders: 3,
      revenue: 101.49,
      revenueCents: 10149,
      currency: 'USD',
      paymentsSucceeded: 2,
      paymentsFailed: 1,
      deadLetters: 3,
      deadLettersByTopic: { 'order-created-dlq': 1, 'payment-failed-dlq': 1, 'payment-processed-dlq': 1 },
    });
  });
});
