import { ConfigError } from '@app/service-kit';
import { loadNotificationServiceConfig } from './notification-service.config';

describe('loadNotificationServiceConfig', () => {
  it('runs with no variables set: port 3004, local Kafka, PGlite under ./data', () => {
    expect(loadNotificationServiceConfig({})).toEqual({
      host: '127.0.0.1',
      port: 3004,
      logLevel: 'info',
      workers: 1,
      kafka: { brokers: ['localhost:9092'], clientId: 'notification-service', compression: 'none', retry: { retries: 5, initialDelayMs: 1000, maxDelayMs: 60_000 } },
      database: { schema: 'notification_service', dataDir: './data/notification-service' },
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadNotificationServiceConfig({ DATABASE_URL: 'postgresql://db/shop', DATA_DIR: '/ignored' }).database).toEqual({ schema: 'notification_service', url: 'postgresql://db/shop' });
  });

  it('reports every invalid variable at once', () => {
    const load = () => loadNotificationServiceConfig({ PORT: '-1', KAFKA_RETRIES: 'many' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/KAFKA_RETRIES must be an integer/);
    expect(load).toThrow(/PORT must be an integer/);
  });
});
