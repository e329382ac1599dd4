import { OutboxMessage, OutboxRelay, silentDatabaseLogger } from '../src';
import { FakePublisher, PublishedMessage } from './fake-publisher';
import { commitMessages, message, migrateOutboxService, unsentCount, valuesByKey } from './outbox-fixtures';
import { eventually, useTestDatabases } from './test-database';

describe('two relays on one schema take turns', () => {
  const databases = useTestDatabases();

  it('never publish a row twice nor out of order per key, while writers keep committing', async () => {
    const db = await databases.open();
    await migrateOutboxService(db);
    const peer = await databases.peer(db);

    const log: PublishedMessage[] = [];
    const options = { batchSize: 7, pollIntervalMs: 5, retryInitialMs: 5, retryMaxMs: 20, logger: silentDatabaseLogger };
    const relays = [new OutboxRelay(db, new FakePublisher(log, { name: 'a' }), options), new OutboxRelay(peer, new FakePublisher(log, { name: 'b' }), options)];
    relays.forEach((relay) => relay.start());

    // Each key has one writer committing in sequence (as writers serialised on one aggregate row do); the
    // writers of different keys run concurrently, half of them through the other instance.
    const enqueued: OutboxMessage[] = [];
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'];
    await Promise.all(
      keys.map(async (key, k) => {
        const writer = k % 2 === 0 ? db : peer;
        for (let seq = 0; seq < 30; seq += 1) {
          const batch = Array.from({ length: 1 + (seq % 3) }, (_, i) => message(key, seq * 10 + i));
          await commitMessages(writer, batch, () => relays[k % 2].wake());
          enqueued.push(...batch);
        }
      }),
    );

    await eventually(async () => ((await unsentCount(db)) === 0 ? true : undefined), 'every row marked sent');
    await Promise.all(relays.map((relay) => relay.stop()));

    const values = log.map((m) => m.value);
    expect(new Set(values).size).toBe(values.length);
    expect(values.length).toBe(enqueued.length);
    expect(valuesByKey(log)).toEqual(valuesByKey(enqueued));
    expect(relays[0].stats.published + relays[1].stats.published).toBe(enqueued.length);
  });
});
