import { Database, OutboxRelay, OutboxRelayOptions, silentDatabaseLogger } from '../src';
import { FakePublisher, FakePublisherOptions, PublishedMessage } from './fake-publisher';
import { commitMessages, message, migrateOutboxService, unsentCount } from './outbox-fixtures';
import { eventually, useTestDatabases } from './test-database';

describe('the outbox relay retries failed publishes without losing or reordering anything', () => {
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

  const quickRetries: OutboxRelayOptions = { batchSize: 10, pollIntervalMs: 10, retryInitialMs: 5, retryMaxMs: 20, logger: silentDatabaseLogger };
  const enqueued = Array.from({ length: 30 }, (_, i) => message(`key-${i % 3}`, i));

  function startRelay(publisherOptions: FakePublisherOptions, log: PublishedMessage[] = []) {
    const publisher = new FakePublisher(log, publisherOptions);
    const relay = new OutboxRelay(db, publisher, quickRetries);
    relays.push(relay);
    relay.start();
    return { relay, publisher };
  }

  it('publishes everything, in order, once the publisher recovers after N failures', async () => {
    await commitMessages(db, enqueued.slice(0, 12));
    await commitMessages(db, enqueued.slice(12));
    const { relay, publisher } = startRelay({ failFirst: 3 });

    await eventually(() => (publisher.log.length >= 30 ? true : undefined), 'all 30 messages');
    expect(publisher.log.map((m) => m.value)).toEqual(enqueued.map((m) => m.value));
    expect(publisher.calls).toBe(3 + 3);
    await eventually(async () => ((await unsentCount(db)) === 0 ? true : undefined), 'every row marked sent');
    expect(relay.stats).toMatchObject({ published: 30, failures: 3 });
  });

  it('keeps rows unsent and reports failures and pending rows while the publisher is down', async () => {
    await commitMessages(db, enqueued);
    const { relay, publisher } = startRelay({ failFirst: Infinity });
    await eventually(() => (relay.stats.failures >= 3 ? true : undefined), 'three failed attempts');
    expect(publisher.log).toEqual([]);
    expect(await unsentCount(db)).toBe(30);
    expect(relay.stats).toMatchObject({ published: 0, pending: 30 });
  });

  it('publishes a batch that failed half-way again from its first row', async () => {
    await commitMessages(db, enqueued);
    const log: PublishedMessage[] = [];
    let failedOnce = false;
    // Acknowledges the first half of the first batch, then fails: the broker took some messages, not all.
    const { publisher } = startRelay(
      {
        beforePublish: async (messages) => {
          if (failedOnce) return;
          failedOnce = true;
          for (const m of messages.slice(0, 5)) log.push({ ...m, value: m.value.toString(), publisher: 'partial' });
          throw new Error('connection lost mid-batch');
        },
      },
      log,
    );

    await eventually(async () => ((await unsentCount(db)) === 0 ? true : undefined), 'every row marked sent');
    const values = log.map((m) => m.value);
    // At least once: the acknowledged half is repeated, then everything follows in order.
    expect(values).toEqual([...enqueued.slice(0, 5), ...enqueued].map((m) => m.value));
    expect(publisher.calls).toBe(4);
  });
});
