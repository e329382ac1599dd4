import { enqueueOutbox, OutboxRelay, outboxMigrations, silentDatabaseLogger } from '@app/database';
import { buildEventHeaders, KafkaMetrics, KafkaOutboxPublisher } from '../src';
import { openTestDatabase, readTopic, startApp, testKafkaOptions, uniqueName, useBroker } from './kafka-test-kit';

describe('the outbox publishes through Kafka', () => {
  const broker = useBroker();

  it('delivers committed outbox rows to their topics, in order per key, with their headers', async () => {
    const orders = uniqueName('orders');
    const audit = uniqueName('audit');
    const db = await openTestDatabase([...outboxMigrations]);
    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [] });
    const relay = new OutboxRelay(db, app.get(KafkaOutboxPublisher), { pollIntervalMs: 20, logger: silentDatabaseLogger });

    await db.transaction(async (tx) => {
      await enqueueOutbox(tx, [
        ...[1, 2, 3].map((n) => ({
          topic: orders,
          key: 'order-7',
          value: JSON.stringify({ n }),
          headers: buildEventHeaders({ eventId: `e-${n}`, eventType: 'OrderChanged', eventVersion: 1, correlationId: 'req-1' }),
        })),
        { topic: audit, key: 'order-7', value: Buffer.from('audit'), headers: {} },
      ]);
    });
    relay.start();
    try {
      const published = await readTopic(broker(), orders, 3);
      expect(published.map((r) => r.value)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
      expect(new Set(published.map((r) => r.partition)).size).toBe(1);
      expect(published[0].headers).toMatchObject({ 'event-id': 'e-1', 'event-type': 'OrderChanged', 'event-version': '1', 'correlation-id': 'req-1', 'content-type': 'application/json' });
      const [auditRecord] = await readTopic(broker(), audit, 1);
      expect(auditRecord.value).toBe('audit');
    } finally {
      await relay.stop();
    }
    const produced = await app.get(KafkaMetrics).produced.get();
    expect(produced.values.find((v) => v.labels.topic === orders)?.value).toBe(3);
  });
});
