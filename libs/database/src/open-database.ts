import { Database } from './database';
import { DatabaseOptions, resolveDatabaseOptions } from './database.options';
import { openPgliteDatabase } from './pglite/pglite-database';
import { openPostgresDatabase } from './postgres/postgres-database';

/**
 * Opens the service's database: PostgreSQL through a pg pool when `options.url` is set, embedded PGlite
 * otherwise. Creates `options.schema` if missing; fails fast when the server cannot be reached.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const resolved = resolveDatabaseOptions(options);
  return resolved.url !== undefined ? openPostgresDatabase(resolved) : openPgliteDatabase(resolved);
}
