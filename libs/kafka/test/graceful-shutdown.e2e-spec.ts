import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DATABASE, Database, Transaction } from '@app/database';
import { InboundMessage, KafkaHandler, KafkaProducer } from '../src';
import { committedOffset, eventually, latch, openTestDatabase, startApp, testKafkaOptions, uniqueName, useBroker, useAdmin } from './kafka-test-kit';

/** A DatabaseModule stand-in that records when the app closes it, and refuses work after that. */
@Module({})
class ObservedDatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database & { markClosed(): void }) {}

  static of(real: Database, events: string[]): DynamicModule {
    let closed = false;
    const db: Database & { markClosed(): void } = {
      kind: real.kind,
      schema: real.schema,
      query: (sql, params) => real.query(sql, params),
      exec: (sql) => real.exec(sql),
      withLock: (name, fn, options) => real.withLock(name, fn, options),
      ping: () => real.ping(),
      close: async () => undefined,
      transaction: async (fn) => {
        if (closed) throw new Error('database closed');
        const result = await real.transaction(fn);
        events.push('transaction committed');
        return result;
      },
      markClosed: () => {
        closed = true;
        events.push('database closed');
      },
    };
    return { module: ObservedDatabaseModule, global: true, providers: [{ provide: DATABASE, useValue: db }], exports: [DATABASE] };
  }

  onApplicationShutdown(): void {
    this.db.markClosed();
  }
}

describe('graceful shutdown', () => {
  const broker = useBroker();
  const admin = useAdmin(broker);

  it('finishes the handler in flight, commits, leaves the group, then lets the database close', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const events: string[] = [];
    const started = latch();
    const release = latch();
    const real = await openTestDatabase([{ id: '0001-payments', sql: 'CREATE TABLE payments (event_id text PRIMARY KEY)' }]);
    const handled: string[] = [];

    @Injectable()
    class SlowHandler {
      @KafkaHandler({ topic, group, inbox: true })
      async handle(message: InboundMessage, tx?: Transaction): Promise<void> {
        events.push(`handler started ${message.eventId}`);
        started.open();
        await release.promise;
        await tx!.query('INSERT INTO payments (event_id) VALUES ($1)', [message.eventId]);
        handled.push(message.eventId!);
        events.push(`handler finished ${message.eventId}`);
      }
    }

    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [SlowHandler], imports: [ObservedDatabaseModule.of(real, events)] });
    await app.get(KafkaProducer).send(topic, [
      { key: 'o', value: '{}', headers: { 'event-id': 'e-1' }, partition: 0 },
      { key: 'o', value: '{}', headers: { 'event-id': 'e-2' }, partition: 0 },
    ]);
    await started.promise;

    let closed = false;
    const closing = app.close().then(() => void (closed = true));
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    release.open();
    await closing;

    expect(events).toEqual(['handler started e-1', 'handler finished e-1', 'transaction committed', 'database closed']);
    expect(await committedOffset(admin(), group, topic, 0)).toBe(1);
    const { groups } = await admin().describeGroups([group]);
    expect(groups[0].members).toEqual([]);
    const { rows } = await real.query<{ event_id: string }>('SELECT event_id FROM payments');
    expect(rows.map((r) => r.event_id)).toEqual(['e-1']);

    // The next instance takes over where this one stopped: the second event, and only it.
    const next = await startApp({ kafka: testKafkaOptions(broker()), providers: [SlowHandler], imports: [ObservedDatabaseModule.of(real, [])] });
    await eventually(async () => ((await committedOffset(admin(), group, topic, 0)) === 2 ? true : undefined), 'the second event processed after restart');
    expect(handled).toEqual(['e-1', 'e-2']);
    await next.close();
  });
});
