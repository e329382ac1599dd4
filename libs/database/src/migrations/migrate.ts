import { advisoryLockKey } from '../advisory-lock-key';
import { Database, Transaction } from '../database';
import { DatabaseError } from '../database.errors';
import { errorMessage } from '../transaction-support';
import { Migration, sortMigrations } from './migration';

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in id order, each in its own transaction, and
 * returns the ids this call applied. Safe when several instances start at once: every step holds a transaction
 * advisory lock keyed by the schema, so one instance applies a migration and the others then see it recorded.
 * Stops at the first failure with `DATABASE.MIGRATION_FAILED` naming the migration; earlier ones stay applied.
 */
export async function migrate(db: Database, migrations: readonly Migration[]): Promise<string[]> {
  const ordered = sortMigrations(migrations);
  const lockKey = advisoryLockKey(`migrations:${db.schema}`);
  const lock = (tx: Transaction) => tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey]);

  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });

  const applied: string[] = [];
  for (const migration of ordered) {
    const appliedNow = await db
      .transaction(async (tx) => {
        await lock(tx);
        const recorded = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [migration.id]);
        if (recorded.rowCount > 0) return false;
        await tx.exec(migration.sql);
        await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
        return true;
      })
      .catch((error: unknown) => {
        throw new DatabaseError('DATABASE.MIGRATION_FAILED', `migration ${migration.id} failed: ${errorMessage(error)}`, false, {
          cause: error,
        });
      });
    if (appliedNow) applied.push(migration.id);
  }
  return applied;
}
