import { Topics } from '@app/contracts';
import { describeWith } from '../../../libs/kafka-broker/test/external-clients';
import { FOREIGN_CODECS, kafkaPython, kcat, produceWithKafkaPython, produceWithKcat } from '../../../test/support/foreign-producers';
import { ANALYTICS_GROUP, caughtUp, orderCreated, paymentProcessed, startAnalyticsService, testAdmin, useBroker } from './analytics-test-kit';

const describeWithBoth = kcat.available ? describeWith(kafkaPython) : describeWith(kcat);

describeWithBoth('records compressed by other Kafka clients', () => {
  const broker = useBroker();

  it('are decoded and counted whatever the codec, from kcat and kafka-python alike', async () => {
    const service = await startAnalyticsService(broker());
    const admin = await testAdmin(broker());
    let expectedCents = 0;
    for (const codec of FOREIGN_CODECS) {
      const fromKcat = orderCreated({ totalCents: 8899 });
      await produceWithKcat(broker(), codec, fromKcat);
      await produceWithKcat(broker(), codec, paymentProcessed(fromKcat));
      const fromPython = [orderCreated({ totalCents: 8899 }), orderCreated({ totalCents: 8899 })];
      await produceWithKafkaPython(broker(), codec, [...fromPython, ...fromPython.map(paymentProcessed)]);
      expectedCents += 3 * 8899;
    }

    await caughtUp(admin, ANALYTICS_GROUP, [Topics.OrderCreated, Topics.PaymentProcessed]);
    const { body } = await service.http().get('/analytics');
    expect(body).toMatchObject({ orders: 12, paymentsSucceeded: 12, revenueCents: expectedCents, deadLetters: 0 });
    expect((await service.http().get('/health')).status).toBe(200);
  });
});
