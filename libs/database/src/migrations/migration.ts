import { DatabaseError } from '../database.errors';

/** One schema change: applied once, in a transaction, in ascending `id` order (plain string comparison). */
export interface Migration {
  /** Unique and ordered, e.g. `0001-create-orders`; the lib's own start with `outbox-` / `inbox-`. */
  readonly id: string;
  /** One or more statements; unqualified names land in the service's schema. */
  readonly sql: string;
}

/** Checks ids (non-empty, unique) and SQL before anything runs, and returns them sorted by id. */
export function sortMigrations(migrations: readonly Migration[]): Migration[] {
  const seen = new Set<string>();
  for (const migration of migrations) {
    if (typeof migration.id !== 'string' || migration.id.trim() === '') {
      throw invalid(`a migration has an empty id: ${JSON.stringify(migration.id)}`);
    }
    if (seen.has(migration.id)) throw invalid(`migration id ${migration.id} appears twice`);
    if (typeof migration.sql !== 'string' || migration.sql.trim() === '') throw invalid(`migration ${migration.id} has no SQL`);
    seen.add(migration.id);
  }
  return [...migrations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function invalid(message: string): DatabaseError {
  return new DatabaseError('DATABASE.INVALID_MIGRATIONS', message);
}
