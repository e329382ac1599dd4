import { Database, GroupCommit } from '../src';
import { useTestDatabases } from './test-database';

describe('group commit writes concurrent items in shared transactions', () => {
  const databases = useTestDatabases();
  let db: Database;
  let transactions: number[];

  beforeEach(async () => {
    db = await databases.open();
    await db.exec("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL CHECK (name <> ''))");
    transactions = [];
  });

  /** Inserts a batch with one multi-row statement and answers each item with its id doubled. */
  const writer = (options: ConstructorParameters<typeof GroupCommit<{ id: number; name: string }, number>>[1] = {}) =>
    new GroupCommit<{ id: number; name: string }, number>(
      (items) =>
        db.transaction(async (tx) => {
          transactions.push(items.length);
          await tx.query('INSERT INTO items SELECT * FROM unnest($1::int[], $2::text[])', [items.map((i) => i.id), items.map((i) => i.name)]);
          return items.map((i) => i.id * 2);
        }),
      options,
    );
  const stored = async () => (await db.query<{ id: number }>('SELECT id FROM items ORDER BY id')).rows.map((r) => r.id);

  it('answers every caller with its own result and commits them in fewer transactions than items', async () => {
    const group = writer({ maxConcurrentBatches: 1 });
    const ids = Array.from({ length: 50 }, (_, i) => i + 1);
    const answers = await Promise.all(ids.map((id) => group.submit({ id, name: `n${id}` })));

    expect(answers).toEqual(ids.map((id) => id * 2));
    expect(await stored()).toEqual(ids);
    expect(transactions.reduce((a, b) => a + b, 0)).toBe(50);
    expect(transactions.length).toBeLessThan(50);
  });

  it('fails only the bad item of a batch: the others are written one by one and succeed', async () => {
    const group = writer({ maxConcurrentBatches: 1 });
    const items = [1, 2, 3, 4].map((id) => ({ id, name: id === 3 ? '' : `n${id}` }));
    const settled = await Promise.allSettled(items.map((item) => group.submit(item)));

    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ message: expect.stringContaining('check constraint') });
    expect(await stored()).toEqual([1, 2, 4]);
  });

  it('never puts two items with one key in the same batch', async () => {
    const group = writer({ maxConcurrentBatches: 1, keyOf: (item) => (item.id > 100 ? 'shared' : undefined) });
    await Promise.all([101, 1, 102, 2, 103].map((id) => group.submit({ id, name: `n${id}` })));

    expect(await stored()).toEqual([1, 2, 101, 102, 103]);
    expect(transactions.length).toBeGreaterThanOrEqual(3);
  });

  it('caps the batch size', async () => {
    const group = writer({ maxBatchSize: 4, maxConcurrentBatches: 1 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => group.submit({ id: i, name: 'x' })));
    expect(Math.max(...transactions)).toBeLessThanOrEqual(4);
    expect(await stored()).toHaveLength(10);
  });

  it('refuses invalid options at construction', () => {
    expect(() => writer({ maxBatchSize: 0 })).toThrow(/maxBatchSize must be a positive integer/);
    expect(() => writer({ maxConcurrentBatches: 1.5 })).toThrow(/maxConcurrentBatches must be a positive integer/);
  });
});
