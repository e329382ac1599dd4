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

  it('publishes batch after batch in one turn, without taking the lock again for each', async () => {
    const db = await databases.open();
    await migrateOutboxService(db);
    const { db: counted, locks } = countingLocks(db);
    const publisher = new FakePublisher();
    const relay = new OutboxRelay(counted, publisher, options);
    relay.start();

    for (let seq = 0; seq < 10; seq += 1) {
      await commitMessages(db, [message('k', seq)], () => relay.wake());
      await eventually(async () => ((await unsentCount(db)) === 0 ? true : undefined), `row ${seq} published`);
    }
    await relay.stop();

    expect(publisher.log.map((m) => m.value)).toEqual(Array.from({ length: 10 }, (_, seq) => message('k', seq).value.toString()));
    expect(publisher.batchSizes.length).toBeGreaterThanOrEqual(2);
    expect(locks()).toBe(1);
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
