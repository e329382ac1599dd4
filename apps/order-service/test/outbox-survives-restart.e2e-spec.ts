import { decodeEvent, Topics } from '@app/contracts';
import { ApiKey, ErrorCode } from '@app/kafka-broker';
import { eventually, metricValue, newStore, readTopic, recordCount, startOrderService, testKafka, useBroker, validOrder } from './order-service-test-kit';
import { itOnEmbedded } from '../../../test/support/test-broker';

/** Every Produce request fails, as when the partition's leader is gone; removing the rule brings Kafka back. */
function failProduce(broker: ReturnType<ReturnType<typeof useBroker>>): () => void {
  return broker.faults.add({ apiKey: ApiKey.Produce, action: { kind: 'fail', errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER } });
}

async function orderCreatedCount(broker: ReturnType<ReturnType<typeof useBroker>>): Promise<number> {
  const admin = testKafka(broker).admin();
  await admin.connect();
  try {
    return await recordCount(admin, Topics.OrderCreated);
  } finally {
    await admin.disconnect();
  }
}

describe('the outbox survives Kafka outages and restarts', () => {
  const broker = useBroker();

  // Embedded-only (both tests): the broker is made to refuse writes (fault injection).
  itOnEmbedded('accepts orders while Kafka refuses writes, and publishes them once it is back', async () => {
    const service = await startOrderService(broker());
    const restore = failProduce(broker());

    const placed = await service.http.post('/orders').set('x-correlation-id', 'outage-1').send(validOrder());
    expect(placed.status).toBe(201);
    await eventually(async () => ((await metricValue(service, 'outbox_failed_batches_total')) ?? 0) >= 2 || undefined, 'publishing to fail and be retried');
    // The relay refreshes its pending count about once a second.
    await eventually(async () => ((await metricValue(service, 'outbox_pending_messages')) === 1 ? true : undefined), 'the order reported pending');
    expect(await orderCreatedCount(broker())).toBe(0);

    restore();
    const [record] = await readTopic(broker(), Topics.OrderCreated, 1);
    expect(record.key).toBe(placed.body.orderId);
    expect(decodeEvent('OrderCreated', record.value).correlationId).toBe('outage-1');
    await eventually(async () => ((await metricValue(service, 'outbox_pending_messages')) === 0 ? true : undefined), 'the outbox drained');
    expect(await orderCreatedCount(broker())).toBe(1);
  });

  itOnEmbedded('publishes an order committed before a restart, when the first process never could', async () => {
    const store = await newStore({ persistent: true });
    const first = await startOrderService(broker(), store);
    const restore = failProduce(broker());
    const placed = await first.http.post('/orders').set('x-correlation-id', 'restart-1').send(validOrder());
    expect(placed.status).toBe(201);
    await eventually(async () => ((await metricValue(first, 'outbox_failed_batches_total')) ?? 0) >= 1 || undefined, 'publishing to fail');
    await first.close();
    restore();
    expect(await orderCreatedCount(broker())).toBe(0);

    const second = await startOrderService(broker(), store);
    const [record] = await readTopic(broker(), Topics.OrderCreated, 1);
    expect(record.key).toBe(placed.body.orderId);
    expect(record.headers['correlation-id']).toBe('restart-1');
    await eventually(async () => ((await metricValue(second, 'outbox_published_total')) === 1 ? true : undefined), 'the second process to publish it');
    expect(await orderCreatedCount(broker())).toBe(1);
    expect((await second.http.get(`/orders/${placed.body.orderId}`)).body).toMatchObject({ orderId: placed.body.orderId, status: 'PENDING' });
  });
});
