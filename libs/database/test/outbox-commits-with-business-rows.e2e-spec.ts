import { Database, DatabaseError, enqueueOutbox, outboxInsert } from '../src';
import { message, migrateOutboxService } from './outbox-fixtures';
import { useTestDatabases } from './test-database';

describe('outbox rows commit together with the business rows, or not at all', () => {
  const databases = useTestDatabases();
  let db: Database;

  beforeEach(async () => {
    db = await databases.open();
    await migrateOutboxService(db);
  });

  const orders = async () => (await db.query<{ id: string }>('SELECT id FROM orders ORDER BY id')).rows.map((r) => r.id);
  const outbox = async () =>
    (
      await db.query<{ id: string; topic: string; message_key: string; value: Buffer; headers: object; sent_at: Date | null; created_at: Date }>(
        'SELECT id, topic, message_key, value, headers, sent_at, created_at FROM outbox ORDER BY id',
      )
    ).rows;

  it('stores the messages, as bytes and in order, when the business transaction commits', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO orders (id) VALUES ($1)', ['o-1']);
      await enqueueOutbox(tx, [message('o-1', 1), { topic: 'audit', key: 'o-1', value: Buffer.from([0, 255, 1]), headers: { 'content-type': 'application/octet-stream' } }]);
    });
    expect(await orders()).toEqual(['o-1']);
    const rows = await outbox();
    expect(rows.map(({ topic, message_key, value, headers, sent_at }) => ({ topic, message_key, value, headers, sent_at }))).toEqual([
      { topic: 'orders', message_key: 'o-1', value: Buffer.from('o-1#1'), headers: { 'event-id': 'o-1-1' }, sent_at: null },
      {
        topic: 'audit',
        message_key: 'o-1',
        value: Buffer.from([0, 255, 1]),
        headers: { 'content-type': 'application/octet-stream' },
        sent_at: null,
      },
    ]);
    expect(BigInt(rows[0].id) < BigInt(rows[1].id)).toBe(true);
    expect(rows[0].created_at).toBeInstanceOf(Date);
  });

  it('stores neither when the business transaction rolls back', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO orders (id) VALUES ($1)', ['o-1']);
        await enqueueOutbox(tx, [message('o-1', 1)]);
        throw new Error('payment limit exceeded');
      }),
    ).rejects.toThrow('payment limit exceeded');
    expect(await orders()).toEqual([]);
    expect(await outbox()).toEqual([]);
  });

  it('stores neither when a business statement after the enqueue fails', async () => {
    await db.query('INSERT INTO orders (id) VALUES ($1)', ['o-1']);
    await expect(
      db.transaction(async (tx) => {
        await enqueueOutbox(tx, [message('o-1', 2)]);
        await tx.query('INSERT INTO orders (id) VALUES ($1)', ['o-1']);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await outbox()).toEqual([]);
  });

  it('keeps the order of large batches that are inserted in several statements', async () => {
    const many = Array.from({ length: 2345 }, (_, i) => message(`k${i % 7}`, i));
    await db.transaction((tx) => enqueueOutbox(tx, many));
    const values = (await outbox()).map((row) => row.value.toString());
    expect(values).toEqual(many.map((m) => m.value));
  });

  it('rejects a malformed message before writing anything', async () => {
    const bad = { ...message('o-1', 1), headers: { attempt: 3 as unknown as string } };
    const failure = await db.transaction((tx) => enqueueOutbox(tx, [message('o-1', 0), bad])).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseError);
    expect(failure).toMatchObject({ code: 'OUTBOX.INVALID_MESSAGE' });
    expect((failure as Error).message).toContain('attempt');
    expect(await outbox()).toEqual([]);
  });

  describe('outboxInsert: business rows and messages in one statement', () => {
    const insertOrdersWithMessages = async (ids: string[], messages: ReturnType<typeof message>[], owners: string[]) => {
      const events = outboxInsert(messages, 2, { owners, ownerType: 'text', among: 'SELECT id FROM created' });
      await db.query(
        `WITH created AS (INSERT INTO orders (id) SELECT * FROM unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING id),
         events AS (${events.sql})
         SELECT count(*) FROM created`,
        [ids, ...events.params],
      );
    };

    it('stores the messages in order, bytes intact, and only those whose owner row the statement created', async () => {
      await db.query('INSERT INTO orders (id) VALUES ($1)', ['o-taken']);
      const binary = { topic: 'audit', key: 'o-2', value: Buffer.from([0, 255, 1]), headers: { 'content-type': 'application/octet-stream' } };
      await insertOrdersWithMessages(['o-1', 'o-taken', 'o-2'], [message('o-1', 1), message('o-taken', 1), binary, message('o-2', 2)], ['o-1', 'o-taken', 'o-2', 'o-2']);
      expect(await orders()).toEqual(['o-1', 'o-2', 'o-taken']);
      const rows = await outbox();
      expect(rows.map(({ topic, message_key, value, headers }) => ({ topic, message_key, value, headers }))).toEqual([
        { topic: 'orders', message_key: 'o-1', value: Buffer.from('o-1#1'), headers: { 'event-id': 'o-1-1' } },
        { topic: 'audit', message_key: 'o-2', value: Buffer.from([0, 255, 1]), headers: { 'content-type': 'application/octet-stream' } },
        { topic: 'orders', message_key: 'o-2', value: Buffer.from('o-2#2'), headers: { 'event-id': 'o-2-2' } },
      ]);
      expect(rows.every((row, i) => i === 0 || BigInt(rows[i - 1].id) < BigInt(row.id))).toBe(true);
    });

    it('stores nothing when the statement fails, and refuses an invalid message before sending it', async () => {
      await expect(insertOrdersWithMessages(['o-1'], [message('o-1', 1)], ['o-1', 'o-extra'])).rejects.toThrow(RangeError);
      await expect(
        db.query(
          `WITH created AS (INSERT INTO orders (id) VALUES ('o-1') RETURNING id), events AS (${outboxInsert([message('o-1', 1)], 1).sql}) SELECT 1/0`,
          outboxInsert([message('o-1', 1)], 1).params,
        ),
      ).rejects.toThrow();
      expect(await orders()).toEqual([]);
      expect(await outbox()).toEqual([]);
      expect(() => outboxInsert([{ topic: '', key: 'k', value: 'v', headers: {} }], 1)).toThrow(DatabaseError);
    });
  });
});
