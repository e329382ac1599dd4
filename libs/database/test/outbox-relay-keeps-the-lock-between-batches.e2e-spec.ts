import { Database, OutboxRelay, silentDatabaseLogger } from '../src';
import { FakePublisher, PublishedMessage } from './fake-publisher';
import { commitMessages, message, migrateOutboxService, unsentCount } from './outbox-fixtures';
import { eventually, useTestDatabases } from './test-database';

/** `db` with its withLock calls counted. */
function countingLocks(db: Database): { db: Database; locks: () => number } {
  let locks = 0;
  const counted: Database = Object.assign(Object.create(db) as Database, {
    withLock: (...args: Parameters<Database['withLock']>) => {
      locks += 1;
      return db.withLock(...args);
    },
  });
  return { db: counted, locks: () => locks };
}

describe('an outbox relay holding the lock', () => {
  const databases = useTestDatabases();
  const options = { pollIntervalMs: 10, retryInitialMs: 5, retryMaxMs: 20, lockTurnMs: 600_000, logger: silentDatabaseLogger };

  it('publishes the rows waiting for it batch after batch in one turn, without taking the lock for each', async () => {
    const db = await databases.open();
    await migrateOutboxService(db);
    await commitMessages(
      db,
      Array.from({ length: 5 }, (_, seq) => message('k', seq)),
    );
    const { db: counted, locks } = countingLocks(db);
    const publisher = new FakePublisher();
    const relay = new OutboxRelay(counted, publisher, { ...options, batchSize: 1, pollIntervalMs: 600_000 });

    relay.start();
    await eventually(async () => ((await unsentCount(db)) === 0 ? true : undefined), 'every row published');
    await relay.stop();

    expect(publisher.batchSizes).toEqual([1, 1, 1, 1, 1]);
    expect(locks()).toBe(1);
  });

  it('keeps the lock for rows committed while a batch was being published, and releases it when idle', async () => {
    const db = await databases.open();
    await migrateOutboxService(db);
    const peer = await databases.peer(db);
    const log: PublishedMessage[] = [];
    const { db: counted, locks } = countingLocks(db);
    let first = true;
    const publisher = new FakePublisher(log, {
      name: 'a',
      beforePublish: async () => {
        if (!first) return;
        first = false;
        await commitMessages(db, [message('k', 1)], () => relay.wake());
      },
    });
    const relay: OutboxRelay = new OutboxRelay(counted, publisher, { ...options, pollIntervalMs: 600_000 });
    const other = new OutboxRelay(peer, new FakePublisher(log, { name: 'b' }), { ...options, pollIntervalMs: 600_000 });
    relay.start();
    await eventually(() => (locks() > 0 ? true : undefined), 'the first relay to look for rows');

    await commitMessages(db, [message('k', 0)], () => relay.wake());
    await eventually(() => (log.length === 2 ? true : undefined), 'both rows published');
    expect(publisher.batchSizes).toEqual([1, 1]);
    // The first look (nothing there, unless k#0 already was), then one turn for both batches.
    expect(locks()).toBeLessThanOrEqual(2);

    // Idle, the first relay holds nothing: the other one, woken by its own commit, publishes at once.
    other.start();
    await commitMessages(peer, [message('k', 2)], () => other.wake());
    await eventually(() => (log.length === 3 ? true : undefined), 'the row published by the other relay');
    await Promise.all([relay.stop(), other.stop()]);
    expect(log.map((m) => [m.publisher, m.value])).toEqual([
      ['a', 'k#0'],
      ['a', 'k#1'],
      ['b', 'k#2'],
    ]);
  });

  it('lets another instance take over when it stops, or when its batch fails', async () => {
    const db = await databases.open();
    await migrateOutboxService(db);
    const peer = await databases.peer(db);
    const log: PublishedMessage[] = [];
    const first = new OutboxRelay(db, new FakePublisher(log, { name: 'first' }), options);
    first.start();
    await commitMessages(db, [message('k', 0)], () => first.wake());
    await eventually(() => (log.length === 1 ? true : undefined), 'the first row published');
    const failing = new FakePublisher(log, { name: 'second', failFirst: 1_000_000 });
    const second = new OutboxRelay(peer, failing, options);
    const third = new OutboxRelay(peer, new FakePublisher(log, { name: 'third' }), options);
    second.start();

    await first.stop();
    await commitMessages(db, [message('k', 1)], () => second.wake());
    await eventually(() => (failing.calls > 0 ? true : undefined), 'the second relay to take the lock and fail');
    third.start();
    await eventually(() => (log.length === 2 ? true : undefined), 'the row published by the third relay');
    await Promise.all([second.stop(), third.stop()]);

    expect(log.map((m) => [m.publisher, m.value])).toEqual([
      ['first', message('k', 0).value.toString()],
      ['third', message('k', 1).value.toString()],
    ]);
  });
});
