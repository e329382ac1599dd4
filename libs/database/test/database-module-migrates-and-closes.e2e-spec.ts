import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Database, DATABASE, DatabaseModule, InjectDatabase, outboxMigrations, silentDatabaseLogger } from '../src';
import { testDatabaseUrl, useTestDatabases } from './test-database';

@Injectable()
class OrdersRepository {
  constructor(@InjectDatabase() readonly db: Database) {}

  async count(): Promise<number> {
    return (await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders')).rows[0].n;
  }
}

// Does not import DatabaseModule: the module is global.
@Module({ providers: [OrdersRepository] })
class OrdersModule {}

describe('DatabaseModule migrates at start-up and closes the database at shutdown', () => {
  const databases = useTestDatabases();
  const migrations = [...outboxMigrations, { id: '0001-create-orders', sql: 'CREATE TABLE orders (id text PRIMARY KEY)' }];

  it('provides a migrated database to every module and closes it when the app closes (forRoot)', async () => {
    const schema = databases.schema();
    const moduleRef = await Test.createTestingModule({
      imports: [DatabaseModule.forRoot({ schema, url: testDatabaseUrl, migrations, logger: silentDatabaseLogger }), OrdersModule],
    }).compile();
    const app = await moduleRef.init();

    const db = app.get<Database>(DATABASE);
    expect(db.schema).toBe(schema);
    expect(db.kind).toBe(testDatabaseUrl ? 'postgres' : 'pglite');
    await expect(app.get(OrdersRepository).count()).resolves.toBe(0);
    const applied = await db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(applied.rows.map((r) => r.id)).toEqual(['0001-create-orders', 'outbox-0001-create-table']);

    await app.close();
    await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'DATABASE.CLOSED' });
  });

  it('takes its options from a factory (forRootAsync)', async () => {
    const schema = databases.schema();
    const moduleRef = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRootAsync({
          useFactory: async () => ({ schema, url: testDatabaseUrl, migrations, logger: silentDatabaseLogger }),
        }),
        OrdersModule,
      ],
    }).compile();
    const app = await moduleRef.init();
    await expect(app.get(OrdersRepository).count()).resolves.toBe(0);
    await app.close();
  });

  it('fails start-up with the id of a migration that does not apply', async () => {
    const broken = [{ id: '0001-broken', sql: 'CREATE TABLE orders (id no_such_type)' }];
    const compiling = Test.createTestingModule({
      imports: [DatabaseModule.forRoot({ schema: databases.schema(), url: testDatabaseUrl, migrations: broken, logger: silentDatabaseLogger })],
    }).compile();
    await expect(compiling).rejects.toMatchObject({ code: 'DATABASE.MIGRATION_FAILED', message: expect.stringContaining('0001-broken') });
  });
});
