import { loadOrderServiceConfig } from './order-service.config';

describe('loadOrderServiceConfig', () => {
  it('defaults to a local setup on PGlite', () => {
    expect(loadOrderServiceConfig({})).toEqual({
      host: '127.0.0.1',
      port: 3002,
      kafka: { brokers: ['localhost:9092'], clientId: 'order-service', compression: 'none' },
      database: { schema: 'order_service', url: undefined, dataDir: './data/order-service' },
      logLevel: 'info',
      workers: 1,
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set, and reads every variable', () => {
    const config = loadOrderServiceConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      KAFKA_BROKERS: 'k1:9092, k2:9093',
      KAFKA_CLIENT_ID: 'orders-1',
      DATABASE_URL: 'postgres://postgres@db:5432/shop',
      DATA_DIR: '/ignored',
      LOG_LEVEL: 'debug',
      WORKERS: '2',
    });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 8080,
      kafka: { brokers: ['k1:9092', 'k2:9093'], clientId: 'orders-1', compression: 'none' },
      database: { schema: 'order_service', url: 'postgres://postgres@db:5432/shop', dataDir: undefined },
      logLevel: 'debug',
      workers: 2,
    });
  });

  it('lists every invalid setting at once', () => {
    expect(() => loadOrderServiceConfig({ PORT: '70000', KAFKA_BROKERS: 'nohost', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(
      /PORT must be[\s\S]*KAFKA_BROKERS must be[\s\S]*DATABASE_URL must be[\s\S]*LOG_LEVEL must be/,
    );
  });
});
