import { Database, OutboxRelay, OutboxRelayOptions, silentDatabaseLogger } from '../src';
import { FakePublisher, FakePublisherOptions } from './fake-publisher';
import { commitMessages, message, migrateOutboxService, unsentCount } from './outbox-fixtures';
import { eventually, useTestDatabases } from './test-database';

describe('the outbox relay publishes committed rows in order and marks them sent', () => {
  const databases = useTestDatabases();
  const relays: OutboxRelay[] = [];
  let db: Database;

  beforeEach(async () => {
    db = await databases.open();
    await migrateOutboxService(db);
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  });

  function startRelay(options: OutboxRelayOptions = {}, publisherOptions: FakePublisherOptions = {}) {
    const publisher = new FakePublisher([], publisherOptions);
    const relay = new OutboxRelay(db, publisher, { pollIntervalMs: 10, logger: silentDatabaseLogger, ...options });
    relays.push(relay);
    relay.start();
    return { relay, publisher };
  }

  it('publishes in id order, in batches of at most batchSize, and marks every row sent', async () => {
    const sent = Array.from({ length: 1200 }, (_, i) => message(`order-${i % 10}`, i));
    await commitMessages(db, sent.slice(0, 100));
    await commitMessages(db, sent.slice(100, 1100));
    await commitMessages(db, sent.slice(1100));
    const { relay, publisher } = startRelay({ batchSize: 500 });

    await eventually(() => (publisher.log.length >= 1200 ? true : undefined), '1200 messages published');
    expect(publisher.log.map((m) => m.value)).toEqual(sent.map((m) => m.value));
    expect(publisher.log[0]).toMatchObject({ topic: 'orders', key: 'order-0', headers: { 'event-id': 'order-0-0' } });
    expect(publisher.batchSizes).toEqual([500, 500, 200]);
    await eventually(async () => ((await unsentCount(db)) === 0 ? true : undefined), 'every row marked sent');
    await eventually(() => (relay.stats.pending === 0 ? true : undefined), 'pending gauge back to 0');
    expect(relay.stats).toEqual({ published: 1200, failures: 0, pending: 0 });
  });

  it('publishes at once when woken after a commit, without waiting for the poll', async () => {
    const { relay, publisher } = startRelay({ pollIntervalMs: 3_600_000 });
    await commitMessages(db, [message('a', 1)], () => relay.wake());
    await eventually(() => (publisher.log.length === 1 ? true : undefined), 'the first message');
    // The relay now sleeps for an hour unless the wake reaches it.
    await commitMessages(db, [message('a', 2)], () => relay.wake());
    await eventually(() => (publisher.log.length === 2 ? true : undefined), 'the woken-for message');
    expect(publisher.log.map((m) => m.value)).toEqual(['a#1', 'a#2']);
  });

  it('picks up rows nobody woke it for at the next poll', async () => {
    const { publisher } = startRelay({ pollIntervalMs: 20 });
    await commitMessages(db, [message('a', 1), message('b', 1)]);
    await eventually(() => (publisher.log.length === 2 ? true : undefined), 'polled messages');
    // The relay marks its rows sent once the publish has returned: that commit may land a moment after the log.
    await eventually(async () => ((await unsentCount(db)) === 0 ? true : undefined), 'the polled rows marked sent');
    expect(publisher.log.map((m) => m.value).sort()).toEqual(['a#1', 'b#1']);
  });

  it('lets the batch in flight finish and mark its rows when stopped', async () => {
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { relay, publisher } = startRelay({}, { beforePublish: async () => (entered(), gate) });
    await commitMessages(db, [message('a', 1), message('a', 2), message('b', 1)], () => relay.wake());
    await inFlight;

    let stopped = false;
    const stopping = relay.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;

    expect(relay.running).toBe(false);
    expect(publisher.log.map((m) => m.value)).toEqual(['a#1', 'a#2', 'b#1']);
    expect(await unsentCount(db)).toBe(0);

    relay.start();
    await commitMessages(db, [message('a', 3)], () => relay.wake());
    await eventually(() => (publisher.log.length === 4 ? true : undefined), 'a message after the restart');
  });

  it('purges sent rows past the retention and never unsent ones', async () => {
    const first = startRelay({ retentionMs: 0, purgeIntervalMs: 1 });
    await commitMessages(db, [message('a', 1), message('a', 2)], () => first.relay.wake());
    await eventually(() => (first.publisher.log.length === 2 ? true : undefined), 'first messages published');
    await first.relay.stop();

    await commitMessages(db, [message('a', 3)]);
    const failing = startRelay({ retentionMs: 0, purgeIntervalMs: 1, retryInitialMs: 5, retryMaxMs: 5 }, { failFirst: Infinity });
    // The loop purges after every attempt, so by the second failure a purge has followed the first one.
    await eventually(() => (failing.relay.stats.failures >= 2 ? true : undefined), 'two failed attempts');
    const rows = await db.query<{ value: Buffer; sent_at: Date | null }>('SELECT value, sent_at FROM outbox ORDER BY id');
    expect(rows.rows).toEqual([{ value: Buffer.from('a#3'), sent_at: null }]);
  });
});
