import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StartConfig } from './config/start.config';
import { withoutPassword } from './summary';

const FILE = 'database.json';

/** The database a start uses, as a stable description: PGlite's data directory, or PostgreSQL's URL without its password. */
export function databaseOf(config: StartConfig): string {
  return config.databaseUrl === undefined ? `PGlite in ${resolve(config.dataDir)}/<service>` : `PostgreSQL ${withoutPassword(config.databaseUrl)}`;
}

/**
 * The broker's data and the services' databases belong together: the events in `kafka/` were produced from, and
 * consumed into, one set of databases. Started on other databases, the services would replay or skip against state
 * that never saw those events (a payment-service on a new database pays again for orders its old one paid). So the
 * first start writes which database it used next to the broker's data, and a later start on another one is refused
 * with what to do. Only for the Kafka that npm start runs itself (its data directory is ours to mark).
 */
export function checkDatabasePairing(config: StartConfig): string | undefined {
  if (config.kafka.kind === 'external') return undefined;
  const dir = resolve(config.kafka.dataDir);
  const file = join(dir, FILE);
  const current = databaseOf(config);
  if (existsSync(file)) {
    const recorded = (JSON.parse(readFileSync(file, 'utf8')) as { database?: unknown }).database;
    if (typeof recorded === 'string' && recorded !== current) {
      return [
        `the Kafka data in ${dir} was written with ${recorded}, and this start uses ${current}.`,
        'Their events and the database would disagree (a replay would pay orders this database has never seen).',
        `Use the same database again, start with another DATA_DIR for a fresh system, or remove ${dir} (and its database's data) to start over.`,
      ].join('\n');
    }
    return undefined;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ database: current }, null, 2)}\n`);
  return undefined;
}
