import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Database, DatabaseOptions, openDatabase, silentDatabaseLogger } from '../src';

/** PostgreSQL when TEST_DATABASE_URL is set (CI runs the suite both ways), PGlite in memory otherwise. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

/** A schema name no other test uses. */
export function uniqueSchema(prefix = 'test'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export interface TestDatabases {
  /** Opens a database on a fresh schema (or on `schema`), closed and dropped after the test. */
  open(options?: Partial<DatabaseOptions>): Promise<Database>;
  /**
   * A second instance of the service on `db`'s schema: another pool on PostgreSQL. PGlite belongs to one process,
   * so there the instances of a service share the one database object.
   */
  peer(db: Database): Promise<Database>;
  /** A fresh schema name, dropped after the test, for code that opens the database itself. */
  schema(): string;
}

/** Registers an afterEach that closes what the test opened and drops its schemas. */
export function useTestDatabases(): TestDatabases {
  const opened: Database[] = [];
  const schemas = new Set<string>();

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
    if (testDatabaseUrl && schemas.size > 0) {
      const client = new Client({ connectionString: testDatabaseUrl });
      await client.connect();
      try {
        for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    }
    schemas.clear();
  });

  const open = async (options: Partial<DatabaseOptions> = {}): Promise<Database> => {
    const schema = options.schema ?? uniqueSchema();
    schemas.add(schema);
    const db = await openDatabase({ url: testDatabaseUrl, logger: silentDatabaseLogger, ...options, schema });
    opened.push(db);
    return db;
  };

  return {
    open,
    schema: () => {
      const schema = uniqueSchema();
      schemas.add(schema);
      return schema;
    },
    peer: async (db) => (db.kind === 'pglite' ? db : open({ schema: db.schema })),
  };
}

/** Polls `check` until it returns something other than undefined; fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
