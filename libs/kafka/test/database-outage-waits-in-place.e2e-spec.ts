import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { InboundMessage, KafkaHandler, KafkaMetrics, KafkaProducer, retryTopic } from '../src';
import { committedOffset, eventually, recordCount, startApp, testKafkaOptions, uniqueName, useBroker, useAdmin } from './kafka-test-kit';

/** What a handler's query sees while PostgreSQL is down: a real connection refused by pg (nothing listens on port 1). */
async function queryUnreachableDatabase(): Promise<never> {
  const pool = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/down', connectionTimeoutMillis: 1000 });
  try {
    await pool.query('SELECT 1');
    throw new Error('something answered on port 1');
  } finally {
    await pool.end();
  }
}

describe('a handler whose database is unreachable', () => {
  const broker = useBroker();
  const admin = useAdmin(broker);

  it('keeps its message in place until the database is back: no retry spent, nothing dead-lettered, order kept', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const handled: string[] = [];
    let databaseDown = true;

    @Injectable()
    class DatabaseHandler {
      @KafkaHandler({ topic, group, retry: { retries: 1 } })
      async handle(message: InboundMessage): Promise<void> {
        if (databaseDown) await queryUnreachableDatabase();
        handled.push(`${message.key}#${message.attempt}`);
      }
    }

    const app = await startApp({ kafka: testKafkaOptions(broker(), { consumer: { sessionTimeoutMs: 3000, heartbeatIntervalMs: 300 } }), providers: [DatabaseHandler] });
    await app.get(KafkaProducer).send(topic, [
      { key: 'first', value: '{"n":1}', partition: 0 },
      { key: 'second', value: '{"n":2}', partition: 0 },
    ]);
    const waits = async () => (await app.get(KafkaMetrics).databaseWaits.get()).values.find((v) => v.labels.group === group)?.value ?? 0;
    // Several waits: longer than the one retry the handler allows, and longer than its session timeout.
    await eventually(async () => ((await waits()) >= 4 ? true : undefined), 'four waits for the database', 30_000);
    expect(handled).toEqual([]);
    expect(await committedOffset(admin(), group, topic, 0)).toBeLessThan(1);

    databaseDown = false;
    await eventually(() => (handled.length === 2 ? true : undefined), 'both messages handled after the database came back', 30_000);
    expect(handled).toEqual(['first#1', 'second#1']);
    await eventually(async () => ((await committedOffset(admin(), group, topic, 0)) === 2 ? true : undefined), 'the partition committed past both');
    expect(await recordCount(admin(), `${topic}-dlq`)).toBe(0);
    expect(await recordCount(admin(), retryTopic(topic, group, 1))).toBe(0);
  });
});
