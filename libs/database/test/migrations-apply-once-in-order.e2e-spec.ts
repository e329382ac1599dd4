import { Database, DatabaseError, migrate, Migration } from '../src';
import { useTestDatabases } from './test-database';

describe('migrations are applied once, in id order', () => {
  const databases = useTestDatabases();
  let db: Database;

  beforeEach(async () => {
    db = await databases.open();
  });

  // Each step depends on the previous one, and none can run twice: out-of-order or repeated runs fail.
  const steps: Migration[] = [
    { id: '0001-create-orders', sql: 'CREATE TABLE orders (id int PRIMARY KEY)' },
    { id: '0002-add-status', sql: "ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new'" },
    {
      id: '0003-seed',
      sql: "INSERT INTO orders (id) VALUES (1); UPDATE orders SET status = 'seeded' WHERE id = 1",
    },
  ];
  const shuffled = [steps[2], steps[0], steps[1]];

  const recorded = async (target: Database) => (await target.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY applied_at, id')).rows.map((r) => r.id);

  it('applies them in id order whatever order they are given in, and records each', async () => {
    await expect(migrate(db, shuffled)).resolves.toEqual(['0001-create-orders', '0002-add-status', '0003-seed']);
    expect((await db.query('SELECT id, status FROM orders')).rows).toEqual([{ id: 1, status: 'seeded' }]);
    expect(await recorded(db)).toEqual(['0001-create-orders', '0002-add-status', '0003-seed']);
  });

  it('applies nothing the second time and only the new ones later', async () => {
    await migrate(db, steps.slice(0, 2));
    await expect(migrate(db, steps.slice(0, 2))).resolves.toEqual([]);
    await expect(migrate(db, steps)).resolves.toEqual(['0003-seed']);
    expect((await db.query('SELECT count(*)::int AS n FROM orders')).rows).toEqual([{ n: 1 }]);
  });

  it('copes with two instances starting at once: each migration runs exactly once', async () => {
    const other = await databases.peer(db);
    const [first, second] = await Promise.all([migrate(db, shuffled), migrate(other, steps)]);
    expect([...first, ...second].sort()).toEqual(steps.map((s) => s.id));
    expect(await recorded(db)).toEqual(steps.map((s) => s.id));
    expect((await other.query('SELECT id, status FROM orders')).rows).toEqual([{ id: 1, status: 'seeded' }]);
  });

  it('stops at a failing migration, naming it, and keeps the ones before it', async () => {
    const broken: Migration = { id: '0002-broken', sql: 'ALTER TABLE no_such_table ADD COLUMN x int' };
    const failure = await migrate(db, [steps[0], broken, steps[2]]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseError);
    expect(failure).toMatchObject({ code: 'DATABASE.MIGRATION_FAILED', retriable: false });
    expect((failure as Error).message).toContain('0002-broken');
    expect((failure as Error).message).toContain('no_such_table');
    expect(await recorded(db)).toEqual(['0001-create-orders']);
    expect((await db.query('SELECT count(*)::int AS n FROM orders')).rows).toEqual([{ n: 0 }]);
  });

  it('rolls back a failing migration as a whole', async () => {
    const halfDone: Migration = { id: '0001-half', sql: 'CREATE TABLE half (id int); SELECT * FROM no_such_table' };
    await expect(migrate(db, [halfDone])).rejects.toMatchObject({ code: 'DATABASE.MIGRATION_FAILED' });
    const tables = await db.query("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'half'");
    expect(tables.rowCount).toBe(0);
  });

  it('rejects duplicate ids before touching the database', async () => {
    await expect(migrate(db, [steps[0], { ...steps[1], id: steps[0].id }])).rejects.toMatchObject({
      code: 'DATABASE.INVALID_MIGRATIONS',
    });
    const tables = await db.query("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('orders', 'schema_migrations')");
    expect(tables.rowCount).toBe(0);
  });
});
