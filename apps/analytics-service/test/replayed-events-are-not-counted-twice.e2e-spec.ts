import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deadLetterTopic, Topics } from '@app/contracts';
import {
  afterTest,
  analyticsDatabase,
  ANALYTICS_GROUP,
  caughtUp,
  orderCreated,
  paymentProcessed,
  publishEvents,
  startAnalyticsService,
  testAdmin,
  testProducer,
  useBroker,
} from './analytics-test-kit';

const TOPICS = [
  Topics.OrderCreated,
  Topics.PaymentProcessed,
  Topics.PaymentFailed,
  ...[Topics.OrderCreated, Topics.PaymentProcessed, Topics.PaymentFailed].map((topic) => deadLetterTopic(topic)),
];

describe('a replay of every topic from the start', () => {
  const broker = useBroker();

  it('leaves the counts as they were', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'analytics-'));
    afterTest(async () => rmSync(dataDir, { recursive: true, force: true }));
    const database = analyticsDatabase(dataDir);
    const admin = await testAdmin(broker());
    const producer = await testProducer(broker());
    const first = await startAnalyticsService(broker(), database);
    const order = orderCreated();
    await publishEvents(producer, [order, paymentProcessed(order)]);
    await producer.send({ topic: deadLetterTopic(Topics.OrderCreated), messages: [{ key: 'k', value: 'parked' }] });
    await caughtUp(admin, ANALYTICS_GROUP, TOPICS);
    const before = (await first.http().get('/analytics')).body;
    expect(before).toMatchObject({ orders: 1, paymentsSucceeded: 1, revenueCents: 8899, deadLetters: 1 });
    await first.close();

    // Without committed offsets the group starts every topic from the beginning: a replay of all of it.
    await admin.deleteGroups([ANALYTICS_GROUP]);
    const restarted = await startAnalyticsService(broker(), database);
    const later = orderCreated();
    await publishEvents(producer, [later]);
    await caughtUp(admin, ANALYTICS_GROUP, TOPICS);

    expect((await restarted.http().get('/analytics')).body).toEqual({ ...before, orders: 2 });
  });
});
