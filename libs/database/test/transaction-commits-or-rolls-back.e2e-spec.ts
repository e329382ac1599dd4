import { Database, DatabaseError, openDatabase } from '../src';
import { testDatabaseUrl, useTestDatabases } from './test-database';

describe('a transaction commits or rolls back as a whole', () => {
  const databases = useTestDatabases();
  let db: Database;

  beforeEach(async () => {
    db = await databases.open();
    await db.exec('CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)');
  });

  const names = async () => (await db.query<{ name: string }>('SELECT name FROM items ORDER BY id')).rows.map((r) => r.name);

  it('runs on the engine the environment asks for, in its own schema', async () => {
    expect(db.kind).toBe(testDatabaseUrl ? 'postgres' : 'pglite');
    const tables = await db.query<{ table_schema: string }>("SELECT table_schema FROM information_schema.tables WHERE table_name = 'items' AND table_schema = current_schema()");
    expect(tables.rows).toEqual([{ table_schema: db.schema }]);
    await expect(db.ping()).resolves.toBeUndefined();
  });

  it('commits every statement and returns the callback value', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO items VALUES (1, $1)', ['a']);
      await tx.query('INSERT INTO items VALUES (2, $1)', ['b']);
      return 'done';
    });
    expect(value).toBe('done');
    expect(await names()).toEqual(['a', 'b']);
  });

  it('rolls back every statement and rethrows when the callback throws', async () => {
    const failure = new Error('business rule violated');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items VALUES (1, $1)', ['a']);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await names()).toEqual([]);
  });

  it('refuses to commit a transaction whose failed statement was caught', async () => {
    const outcome = db.transaction(async (tx) => {
      await tx.query('INSERT INTO items VALUES (1, $1)', ['a']);
      await tx.query('INSERT INTO items VALUES (1, $1)', ['duplicate']).catch(() => undefined);
    });
    await expect(outcome).rejects.toMatchObject({ code: 'DATABASE.TRANSACTION_ABORTED' });
    expect(await names()).toEqual([]);
  });

  it('runs afterCommit callbacks after the commit, in order, and never after a rollback', async () => {
    const seen: string[][] = [];
    const reads: Promise<void>[] = [];
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO items VALUES (1, $1)', ['a']);
      tx.afterCommit(() => reads.push(names().then((rows) => void seen.push(['first', ...rows]))));
      tx.afterCommit(() => {
        throw new Error('a failing callback is logged, not fatal');
      });
      tx.afterCommit(() => reads.push(names().then((rows) => void seen.push(['second', ...rows]))));
      expect(reads).toHaveLength(0);
    });
    await Promise.all(reads);
    expect(seen).toEqual([
      ['first', 'a'],
      ['second', 'a'],
    ]);

    let calledAfterRollback = false;
    await db
      .transaction(async (tx) => {
        tx.afterCommit(() => (calledAfterRollback = true));
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(calledAfterRollback).toBe(false);
  });

  it('serializes concurrent transactions so read-then-write never loses an update', async () => {
    await db.exec('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0)');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const { rows } = await tx.query<{ n: number }>('SELECT n FROM counter WHERE id = 1 FOR UPDATE');
          await new Promise((resolve) => setImmediate(resolve));
          await tx.query('UPDATE counter SET n = $1 WHERE id = 1', [rows[0].n + 1]);
        }),
      ),
    );
    expect((await db.query<{ n: number }>('SELECT n FROM counter')).rows).toEqual([{ n: 20 }]);
  });

  it('refuses to be used directly inside its own transaction instead of deadlocking or escaping it', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items VALUES (1, $1)', ['a']);
        await db.query('SELECT 1');
      }),
    ).rejects.toMatchObject({ code: 'DATABASE.USED_INSIDE_TRANSACTION' });
    await expect(db.transaction(() => db.transaction(async () => 1))).rejects.toMatchObject({
      code: 'DATABASE.USED_INSIDE_TRANSACTION',
    });
    expect(await names()).toEqual([]);
  });

  it('returns the same value types on both engines, usable with instanceof', async () => {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT 9007199254740993::bigint AS big, 7::int AS small, 1.50::numeric AS num, $1::bytea AS bytes,
              '{"a": ["b"]}'::jsonb AS doc, $2::timestamptz AS at, ARRAY[1, 2]::bigint[] AS ids`,
      [Buffer.from('hi'), new Date('2024-01-02T03:04:05Z')],
    );
    expect(rows[0]).toEqual({
      big: '9007199254740993',
      small: 7,
      num: '1.50',
      bytes: Buffer.from('hi'),
      doc: { a: ['b'] },
      at: new Date('2024-01-02T03:04:05Z'),
      ids: ['1', '2'],
    });
    expect(rows).toBeInstanceOf(Array);
    expect(rows[0]).toBeInstanceOf(Object);
    expect(rows[0].at).toBeInstanceOf(Date);
    expect(rows[0].ids).toBeInstanceOf(Array);
    expect(rows[0].doc).toBeInstanceOf(Object);
  });

  it('runs one statement per query() and scripts through exec(), on both engines', async () => {
    await expect(db.query("INSERT INTO items VALUES (1, 'a'); INSERT INTO items VALUES (2, 'b')")).rejects.toMatchObject({
      code: '42601',
    });
    await db.exec("INSERT INTO items VALUES (1, 'a'); INSERT INTO items VALUES (2, 'b')");
    expect(await names()).toEqual(['a', 'b']);
  });

  (testDatabaseUrl ? it : it.skip)('prepares each statement once per PostgreSQL connection and runs it by name after', async () => {
    const statement = 'SELECT name FROM items WHERE id = $1';
    const prepared = await db.withLock('prepared-statements-test', async (session) => {
      await db.exec("INSERT INTO items VALUES (1, 'a')");
      for (let i = 0; i < 3; i += 1) expect((await session.query<{ name: string }>(statement, [1])).rows).toEqual([{ name: 'a' }]);
      return (await session.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1', [statement])).rows[0].n;
    });
    expect(prepared).toEqual({ acquired: true, value: 1 });
  });

  it('reports SQL errors as Errors carrying the SQLSTATE', async () => {
    const failure = await db.query('SELECT * FROM no_such_table').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).toMatchObject({ code: '42P01', message: expect.stringContaining('no_such_table') });
  });

  it('fails with DATABASE.CLOSED once closed', async () => {
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'DATABASE.CLOSED' });
    await expect(db.ping()).rejects.toBeInstanceOf(DatabaseError);
    await expect(db.close()).resolves.toBeUndefined();
  });

  it('rejects an invalid schema name before connecting', async () => {
    await expect(openDatabase({ schema: 'Robert"; DROP TABLE x' })).rejects.toMatchObject({ code: 'DATABASE.INVALID_OPTIONS' });
  });
});
