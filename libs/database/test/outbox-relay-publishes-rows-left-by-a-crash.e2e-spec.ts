import { Database, OutboxRelay, silentDatabaseLogger } from '../src';
import { FakePublisher, PublishedMessage } from './fake-publisher';
import { commitMessages, message, migrateOutboxService, unsentCount } from './outbox-fixtures';
import { eventually, useTestDatabases } from './test-database';

describe('rows left behind by a crash are published by the next relay', () => {
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

  function relayOn(target: Database, publisher: FakePublisher): OutboxRelay {
    const relay = new OutboxRelay(target, publisher, { pollIntervalMs: 10, retryInitialMs: 5, retryMaxMs: 20, logger: silentDatabaseLogger });
    relays.push(relay);
    return relay;
  }

  const enqueued = Array.from({ length: 25 }, (_, i) => message(`key-${i % 4}`, i));

  it('publishes rows committed while no relay ran (a crash between commit and publish)', async () => {
    // The service committed and died before its relay saw the rows; nobody woke anything.
    await commitMessages(db, enqueued.slice(0, 10));
    await commitMessages(db, enqueued.slice(10));

    const restarted = await databases.peer(db);
    const publisher = new FakePublisher();
    relayOn(restarted, publisher).start();

    await eventually(() => (publisher.log.length >= 25 ? true : undefined), 'the 25 stranded messages');
    expect(publisher.log.map((m) => m.value)).toEqual(enqueued.map((m) => m.value));
    expect(await unsentCount(db)).toBe(0);
  });

  it('publishes again a batch whose publish was acknowledged but not recorded (a crash between publish and mark)', async () => {
    await commitMessages(db, enqueued);
    const log: PublishedMessage[] = [];
    // The broker acknowledges, then the process dies before marking: from the database's view the rows are unsent.
    const dying = new FakePublisher(log, {
      name: 'dying',
      beforePublish: async (messages) => {
        for (const m of messages) log.push({ ...m, value: m.value.toString(), publisher: 'dying' });
        throw new Error('process killed');
      },
    });
    const first = relayOn(db, dying);
    first.start();
    await eventually(() => (log.length > 0 ? true : undefined), 'the batch the crashed instance published');
    await first.stop();

    const restarted = await databases.peer(db);
    relayOn(restarted, new FakePublisher(log, { name: 'restarted' })).start();
    await eventually(async () => ((await unsentCount(db)) === 0 ? true : undefined), 'every row marked sent');

    const fromRestarted = log.filter((m) => m.publisher === 'restarted').map((m) => m.value);
    expect(fromRestarted).toEqual(enqueued.map((m) => m.value));
    expect(log.filter((m) => m.publisher === 'dying').length).toBeGreaterThan(0);
  });
});
