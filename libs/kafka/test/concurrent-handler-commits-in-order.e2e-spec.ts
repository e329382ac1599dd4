import { Injectable } from '@nestjs/common';
import type { Transaction } from '@app/database';
import { correlationContext, InboundMessage, KafkaHandler, KafkaProducer } from '../src';
import { committedOffset, eventually, openTestDatabase, readTopic, startApp, testKafkaOptions, uniqueName, useBroker, useAdmin } from './kafka-test-kit';

describe('a handler with concurrency runs records of a batch side by side', () => {
  const broker = useBroker();
  const admin = useAdmin(broker);

  function handler(topic: string, group: string, seen: { handled: string[]; maxInFlight: number }) {
    let inFlight = 0;
    @Injectable()
    class SlowHandler {
      @KafkaHandler({ topic, group, concurrency: 8, onFailure: 'dead-letter' })
      async handle(message: InboundMessage): Promise<void> {
        inFlight += 1;
        seen.maxInFlight = Math.max(seen.maxInFlight, inFlight);
        // Later records finish first: offsets must still be committed only up to what is done.
        await new Promise((resolve) => setTimeout(resolve, 40 - (Number(message.key) % 8) * 5));
        inFlight -= 1;
        if (message.key === '13') throw new Error('this one is broken');
        seen.handled.push(message.key as string);
      }
    }
    return SlowHandler;
  }

  it('handles every record once, several at a time, commits to the end and dead-letters only the failing one', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const seen = { handled: [] as string[], maxInFlight: 0 };
    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [handler(topic, group, seen)] });
    const keys = Array.from({ length: 40 }, (_, i) => String(i));
    await app.get(KafkaProducer).send(
      topic,
      keys.map((key) => ({ key, value: '{}', partition: 0 })),
    );

    await eventually(async () => ((await committedOffset(admin(), group, topic, 0)) === 40 ? true : undefined), 'every offset committed');
    expect([...seen.handled].sort()).toEqual(keys.filter((k) => k !== '13').sort());
    expect(seen.maxInFlight).toBeGreaterThan(1);
    expect(seen.maxInFlight).toBeLessThanOrEqual(8);
    const [dead] = await readTopic(broker(), `${topic}-dlq`, 1);
    expect(dead.key).toBe('13');
  });

  it('with the inbox, shares transactions yet keeps each record apart: duplicates skipped, a failure only its own, correlation ids its own', async () => {
    const topic = uniqueName('results');
    const group = uniqueName('orders');
    const db = await openTestDatabase([{ id: '0001-settled', sql: 'CREATE TABLE settled (event_id text NOT NULL, correlation_id text)' }]);
    @Injectable()
    class InboxHandler {
      @KafkaHandler({ topic, group, inbox: true, concurrency: 20, onFailure: 'dead-letter' })
      async handle(message: InboundMessage, tx?: Transaction): Promise<void> {
        await tx!.query('INSERT INTO settled VALUES ($1, $2)', [message.eventId, correlationContext.get() ?? null]);
        if (message.eventId === 'e-7') throw new Error('cannot settle this one');
      }
    }
    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [InboxHandler], database: { shared: db } });
    const ids = Array.from({ length: 15 }, (_, i) => `e-${i}`);
    const records = [...ids, 'e-3', 'e-4'].map((id) => ({ key: id, value: '{}', headers: { 'event-id': id, 'correlation-id': `c-${id}` }, partition: 0 }));
    await app.get(KafkaProducer).send(topic, records);

    await eventually(async () => ((await committedOffset(admin(), group, topic, 0)) === records.length ? true : undefined), 'every offset committed');
    const { rows } = await db.query<{ event_id: string; correlation_id: string }>('SELECT event_id, correlation_id FROM settled ORDER BY event_id');
    const expected = ids.filter((id) => id !== 'e-7').sort();
    expect(rows.map((r) => r.event_id)).toEqual(expected);
    expect(rows.every((r) => r.correlation_id === `c-${r.event_id}`)).toBe(true);
    const [dead] = await readTopic(broker(), `${topic}-dlq`, 1);
    expect(dead.key).toBe('e-7');
  });

  it('refuses a concurrency outside 1 to 1000 at start-up', async () => {
    @Injectable()
    class Invalid {
      @KafkaHandler({ topic: uniqueName('t'), group: uniqueName('g'), concurrency: 0 })
      handle(): void {}
    }
    await expect(startApp({ kafka: testKafkaOptions(broker()), providers: [Invalid] })).rejects.toThrow(/concurrency must be an integer from 1 to 1000/);
  });
});
