import { ConfigError } from '@app/service-kit';
import { loadAnalyticsServiceConfig } from './analytics-service.config';

describe('loadAnalyticsServiceConfig', () => {
  it('runs with no variables set: port 3005, local Kafka, PGlite under ./data', () => {
    expect(loadAnalyticsServiceConfig({})).toEqual({
      host: '127.0.0.1',
      port: 3005,
      logLevel: 'info',
      workers: 1,
      kafka: { brokers: ['localhost:9092'], clientId: 'analytics-service', compression: 'none', retry: { retries: 3, initialDelayMs: 1000, maxDelayMs: 60_000 } },
      database: { schema: 'analytics_service', dataDir: './data/analytics-service' },
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadAnalyticsServiceConfig({ DATABASE_URL: 'postgresql://db/shop', DATA_DIR: '/ignored' }).database).toEqual({ schema: 'analytics_service', url: 'postgresql://db/shop' });
  });

  it('reports every invalid variable at once', () => {
    const load = () => loadAnalyticsServiceConfig({ PORT: '-1', KAFKA_RETRIES: 'many' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/KAFKA_RETRIES must be an integer/);
    expect(load).toThrow(/PORT must be an integer/);
  });
});
