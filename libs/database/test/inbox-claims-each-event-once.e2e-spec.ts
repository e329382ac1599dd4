import { claimInbox, Database, inboxMigrations, migrate } from '../src';
import { useTestDatabases } from './test-database';

describe('the inbox lets a consumer group process each event once', () => {
  const databases = useTestDatabases();
  let db: Database;

  beforeEach(async () => {
    db = await databases.open();
    await migrate(db, [...inboxMigrations, { id: '0001-payments', sql: 'CREATE TABLE payments (order_id text NOT NULL, amount int NOT NULL)' }]);
  });

  /** A handler as a service writes it: claim and effect in one transaction. */
  function handle(target: Database, group: string, eventId: string, fail = false): Promise<'processed' | 'duplicate'> {
    return target.transaction(async (tx) => {
      if (!(await claimInbox(tx, group, eventId))) return 'duplicate';
      await tx.query('INSERT INTO payments (order_id, amount) VALUES ($1, 100)', [eventId]);
      if (fail) throw new Error('card processor timed out');
      return 'processed';
    });
  }

  const payments = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM payments')).rows[0].n;

  it('claims an event the first time and reports redeliveries, which change nothing', async () => {
    await expect(handle(db, 'payment-service', 'evt-1')).resolves.toBe('processed');
    await expect(handle(db, 'payment-service', 'evt-1')).resolves.toBe('duplicate');
    await expect(handle(db, 'payment-service', 'evt-1')).resolves.toBe('duplicate');
    expect(await payments()).toBe(1);
  });

  it('keeps claims of different consumer groups apart', async () => {
    await expect(handle(db, 'payment-service', 'evt-1')).resolves.toBe('processed');
    await expect(handle(db, 'analytics-service', 'evt-1')).resolves.toBe('processed');
    expect(await payments()).toBe(2);
  });

  it('releases the claim when the handler fails, so the redelivery is processed', async () => {
    await expect(handle(db, 'payment-service', 'evt-1', true)).rejects.toThrow('card processor timed out');
    expect(await payments()).toBe(0);
    await expect(handle(db, 'payment-service', 'evt-1')).resolves.toBe('processed');
    expect(await payments()).toBe(1);
  });

  it('lets exactly one of several concurrent deliveries process the event', async () => {
    const peer = await databases.peer(db);
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => handle(i % 2 === 0 ? db : peer, 'payment-service', 'evt-race')));
    expect(outcomes.filter((o) => o === 'processed')).toHaveLength(1);
    expect(await payments()).toBe(1);
  });
});
