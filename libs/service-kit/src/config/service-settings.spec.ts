import { ConfigError, EnvReader } from './env-reader';
import { readRetrySettings, readServiceSettings } from './service-settings';

function settings(env: Record<string, string>) {
  const read = new EnvReader(env);
  const result = { ...readServiceSettings(read, 'demo-service', { port: 4000, schema: 'demo_service' }), retry: readRetrySettings(read) };
  read.assertValid('demo-service');
  return result;
}

describe('readServiceSettings', () => {
  it('defaults to a local setup: loopback, embedded Kafka address, PGlite under ./data/<service>', () => {
    expect(settings({})).toEqual({
      host: '127.0.0.1',
      port: 4000,
      logLevel: 'info',
      workers: 1,
      kafka: { brokers: ['localhost:9092'], clientId: 'demo-service', compression: 'none' },
      database: { schema: 'demo_service', dataDir: './data/demo-service' },
      retry: { retries: 3, initialDelayMs: 1000, maxDelayMs: 60_000 },
    });
  });

  it('uses PostgreSQL, not a data dir, when DATABASE_URL is set', () => {
    expect(settings({ DATABASE_URL: 'postgres://db/x', DATA_DIR: '/ignored' }).database).toEqual({ schema: 'demo_service', url: 'postgres://db/x' });
  });

  it('runs WORKERS processes on PostgreSQL, and refuses more than one on PGlite, which one process owns', () => {
    expect(settings({ WORKERS: '4', DATABASE_URL: 'postgres://db/x' }).workers).toBe(4);
    expect(() => settings({ WORKERS: '2' })).toThrow(/WORKERS=2 needs DATABASE_URL/);
    expect(() => settings({ WORKERS: '0', DATABASE_URL: 'postgres://db/x' })).toThrow(/WORKERS/);
  });

  it('reports every bad variable in one ConfigError', () => {
    let error: unknown;
    try {
      settings({ PORT: 'x', KAFKA_BROKERS: 'no-port', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', KAFKA_RETRY_INITIAL_DELAY_MS: '5000', KAFKA_RETRY_MAX_DELAY_MS: '10' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'KAFKA_BROKERS', 'LOG_LEVEL', 'DATABASE_URL', 'KAFKA_RETRY_MAX_DELAY_MS']) expect(problems).toContain(name);
  });
});
