import { deadLetterTopic, Topics } from '@app/contracts';
import { produceMalformedBatch } from '../../../test/support/malformed-batch';
import { describeOnEmbedded } from '../../../test/support/test-broker';
import { ANALYTICS_GROUP, eventually, orderCreated, publishEvents, readTopic, startAnalyticsService, testProducer, useBroker } from './analytics-test-kit';

// Embedded-only: Apache Kafka validates every batch before appending it, so an undecodable one never reaches a consumer.
describeOnEmbedded('an order-created batch analytics cannot decode', () => {
  const broker = useBroker();

  it('turns /health 503 naming the group while its consumer is down, then the group moves past it and /health is 200', async () => {
    const service = await startAnalyticsService(broker());
    const producer = await testProducer(broker());
    await eventually(async () => ((await service.http().get('/health')).status === 200 ? true : undefined), 'ready');

    await publishEvents(producer, [orderCreated()], 0);
    await produceMalformedBatch(broker().bootstrapServers, Topics.OrderCreated, 0, 'corrupt-zstd');
    await publishEvents(producer, [orderCreated(), orderCreated()], 0);

    const down = await eventually(async () => {
      const response = await service.http().get('/health');
      return response.status === 503 ? response.body : undefined;
    }, '/health 503');
    expect(down.error.consumers.status).toBe('down');
    expect(down.error.consumers.message).toMatch(new RegExp(`${ANALYTICS_GROUP}: (crashed|restarting)`));

    await eventually(async () => ((await service.http().get('/analytics')).body.orders === 3 ? true : undefined), 'all three good orders counted', 60_000);
    await eventually(async () => ((await service.http().get('/health')).status === 200 ? true : undefined), '/health 200 again');
    const healthy = (await service.http().get('/health')).body;
    expect(healthy.info.consumers.groups).toEqual(expect.arrayContaining([expect.objectContaining({ group: ANALYTICS_GROUP, up: true })]));
    const [dead] = await readTopic(broker(), deadLetterTopic(Topics.OrderCreated), 1);
    expect(dead.headers).toMatchObject({ 'dlq-consumer-group': ANALYTICS_GROUP, 'dlq-error-type': 'UndecodableBatch' });
  });
});
