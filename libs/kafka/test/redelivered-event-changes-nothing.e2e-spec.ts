import { Injectable } from '@nestjs/common';
import type { Database, Transaction } from '@app/database';
import { InboundMessage, KafkaHandler, KafkaMetrics, KafkaProducer } from '../src';
import { committedOffset, eventually, openTestDatabase, startApp, testKafkaOptions, uniqueName, useBroker, useAdmin } from './kafka-test-kit';

const paymentsTable = {
  id: '0001-create-payments',
  // No unique key on purpose: only the inbox stands between a redelivery and a second row.
  sql: 'CREATE TABLE payments (id serial PRIMARY KEY, event_id text NOT NULL)',
};

async function paymentRows(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ event_id: string }>('SELECT event_id FROM payments ORDER BY id');
  return rows.map((r) => r.event_id);
}

describe('a redelivered event changes nothing', () => {
  const broker = useBroker();
  const admin = useAdmin(broker);

  function paymentHandler(topic: string, group: string, calls: string[], failFirstAttempt = false) {
    @Injectable()
    class PaymentHandler {
      @KafkaHandler({ topic, group, inbox: true, retry: { initialDelayMs: 50 } })
      async handle(message: InboundMessage, tx?: Transaction): Promise<void> {
        calls.push(`${message.eventId}#${message.attempt}`);
        await tx!.query('INSERT INTO payments (event_id) VALUES ($1)', [message.eventId]);
        if (failFirstAttempt && message.attempt === 1) throw new Error('card network timed out after the insert');
      }
    }
    return PaymentHandler;
  }

  it('acknowledges a duplicate event id without calling the handler again', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const calls: string[] = [];
    const db = await openTestDatabase([paymentsTable]);
    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [paymentHandler(topic, group, calls)], database: { shared: db } });

    await app.get(KafkaProducer).send(topic, [
      { key: 'o-1', value: '{}', headers: { 'event-id': 'e-1' }, partition: 0 },
      { key: 'o-1', value: '{}', headers: { 'event-id': 'e-1' }, partition: 0 },
      { key: 'o-2', value: '{}', headers: { 'event-id': 'e-2' }, partition: 0 },
    ]);
    await eventually(async () => ((await committedOffset(admin(), group, topic, 0)) === 3 ? true : undefined), 'all three acknowledged');
    expect(calls).toEqual(['e-1#1', 'e-2#1']);
    expect(await paymentRows(db)).toEqual(['e-1', 'e-2']);
    const durations = await app.get(KafkaMetrics).handlerDuration.get();
    const duplicates = durations.values.find((v) => v.metricName === 'kafka_handler_duration_seconds_count' && v.labels.outcome === 'duplicate');
    expect(duplicates?.value).toBe(1);
  });

  it('skips an event the group processed before a restart whose offset was never committed', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const db = await openTestDatabase([paymentsTable]);
    const before: string[] = [];
    const first = await startApp({ kafka: testKafkaOptions(broker()), providers: [paymentHandler(topic, group, before)], database: { shared: db } });
    const [sent] = await first.get(KafkaProducer).send(topic, [{ key: 'o-1', value: '{}', headers: { 'event-id': 'e-1' } }]);
    await eventually(async () => ((await committedOffset(admin(), group, topic, sent.partition)) === 1 ? true : undefined), 'the first run done');
    await first.close();

    // As if the service had died after its transaction committed but before the offset commit reached Kafka.
    await admin().setOffsets({ groupId: group, topic, partitions: [{ partition: sent.partition, offset: '0' }] });

    const after: string[] = [];
    const second = await startApp({ kafka: testKafkaOptions(broker()), providers: [paymentHandler(topic, group, after)], database: { shared: db } });
    await second.get(KafkaProducer).send(topic, [{ key: 'o-1', value: '{}', headers: { 'event-id': 'e-2' }, partition: sent.partition }]);
    await eventually(async () => ((await committedOffset(admin(), group, topic, sent.partition)) === 2 ? true : undefined), 'the redelivery and the next event acknowledged');
    expect(before).toEqual(['e-1#1']);
    expect(after).toEqual(['e-2#1']);
    expect(await paymentRows(db)).toEqual(['e-1', 'e-2']);
  });

  it("leaves a failed attempt's claim and writes rolled back, so the retry processes the event once", async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const calls: string[] = [];
    const db = await openTestDatabase([paymentsTable]);
    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [paymentHandler(topic, group, calls, true)], database: { shared: db } });
    await app.get(KafkaProducer).send(topic, [{ key: 'o-1', value: '{}', headers: { 'event-id': 'e-1' } }]);
    await eventually(() => (calls.length === 2 ? true : undefined), 'the retry');
    expect(calls).toEqual(['e-1#1', 'e-1#2']);
    expect(await paymentRows(db)).toEqual(['e-1']);
  });

  it('dead-letters an inbox message without an event id', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const calls: string[] = [];
    const db = await openTestDatabase([paymentsTable]);
    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [paymentHandler(topic, group, calls)], database: { shared: db } });
    await app.get(KafkaProducer).send(topic, [{ key: 'o-1', value: '{}', partition: 0 }]);
    await eventually(async () => ((await committedOffset(admin(), group, topic, 0)) === 1 ? true : undefined), 'the message acknowledged');
    expect(calls).toEqual([]);
    const deadLettered = await app.get(KafkaMetrics).deadLettered.get();
    expect(deadLettered.values.find((v) => v.labels.group === group)?.value).toBe(1);
  });
});
