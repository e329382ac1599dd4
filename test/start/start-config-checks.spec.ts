import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStartConfig, StartConfig } from '../../scripts/start/config/start.config';
import { checkDatabasePairing } from '../../scripts/start/database-pairing';

function config(env: Record<string, string>): StartConfig {
  const loaded = loadStartConfig(env, [], false);
  if (loaded === 'help') throw new Error('unexpected help');
  return loaded;
}

describe('npm start: the Kafka data and the database belong together', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'pairing-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('records the database on the first start and accepts the same one later', () => {
    expect(checkDatabasePairing(config({ DATA_DIR: dataDir }))).toBeUndefined();
    expect(JSON.parse(readFileSync(join(dataDir, 'kafka', 'database.json'), 'utf8'))).toEqual({ database: `PGlite in ${dataDir}/<service>` });
    expect(checkDatabasePairing(config({ DATA_DIR: dataDir }))).toBeUndefined();
  });

  it('refuses a start on PostgreSQL over Kafka data written with PGlite, and the other way round, saying what to do', () => {
    checkDatabasePairing(config({ DATA_DIR: dataDir }));
    const problem = checkDatabasePairing(config({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://app:secret@db:5432/shop' }));
    expect(problem).toContain('was written with PGlite');
    expect(problem).toContain('this start uses PostgreSQL postgres://app:***@db:5432/shop');
    expect(problem).not.toContain('secret');
    expect(problem).toContain('another DATA_DIR');

    const other = mkdtempSync(join(tmpdir(), 'pairing-'));
    try {
      checkDatabasePairing(config({ DATA_DIR: other, DATABASE_URL: 'postgres://app@db:5432/shop' }));
      expect(checkDatabasePairing(config({ DATA_DIR: other }))).toContain('this start uses PGlite');
      expect(checkDatabasePairing(config({ DATA_DIR: other, DATABASE_URL: 'postgres://app@db:5432/other' }))).toContain('was written with PostgreSQL postgres://app@db:5432/shop');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('leaves an external Kafka alone: its data is not ours to mark', () => {
    expect(checkDatabasePairing(config({ DATA_DIR: dataDir, KAFKA_BROKERS: 'kafka:9092', DATABASE_URL: 'postgres://app@db/shop' }))).toBeUndefined();
  });
});

describe('npm start: settings the services read are checked before anything starts', () => {
  it('refuses an unknown LOG_LEVEL and WORKERS above 1 on PGlite, naming each', () => {
    expect(() => loadStartConfig({ LOG_LEVEL: 'loud', WORKERS: '2' }, [], false)).toThrow(
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"[\s\S]*WORKERS=2 needs DATABASE_URL/,
    );
    expect(() => loadStartConfig({ WORKERS: 'two' }, [], false)).toThrow(/WORKERS must be an integer from 1 to 64/);
    expect(loadStartConfig({ LOG_LEVEL: 'warn', WORKERS: '2', DATABASE_URL: 'postgres://app@db/shop' }, [], false)).not.toBe('help');
  });
});
