import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, silentDatabaseLogger } from '../src';
import { uniqueSchema } from './test-database';

// PGlite-only behaviour, so it runs whatever TEST_DATABASE_URL says.
describe('PGlite keeps its data in the data directory across restarts', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'database-lib-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the directory, and a reopened database sees committed rows and applied migrations', async () => {
    const dataDir = join(root, 'data', 'order-service');
    const options = { schema: uniqueSchema(), dataDir, logger: silentDatabaseLogger };
    const migrations = [{ id: '0001-create-orders', sql: 'CREATE TABLE orders (id text PRIMARY KEY)' }];

    const first = await openDatabase(options);
    expect(first.kind).toBe('pglite');
    await migrate(first, migrations);
    await first.transaction((tx) => tx.query('INSERT INTO orders (id) VALUES ($1)', ['o-1']));
    await first.close();

    const reopened = await openDatabase(options);
    try {
      await expect(migrate(reopened, migrations)).resolves.toEqual([]);
      expect((await reopened.query('SELECT id FROM orders')).rows).toEqual([{ id: 'o-1' }]);
    } finally {
      await reopened.close();
    }
  });
});
