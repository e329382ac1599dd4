import { ConfigError } from '@app/service-kit';
import { loadPaymentServiceConfig } from './payment-service.config';

describe('loadPaymentServiceConfig', () => {
  it('runs on a fresh machine with no variables set: local Kafka, PGlite under ./data, a calm gateway', () => {
    expect(loadPaymentServiceConfig({})).toEqual({
      host: '127.0.0.1',
      port: 3003,
      logLevel: 'info',
      workers: 1,
      kafka: { brokers: ['localhost:9092'], clientId: 'payment-service', compression: 'none', retry: { retries: 3, initialDelayMs: 1000, maxDelayMs: 60_000 } },
      database: { schema: 'payment_service', dataDir: './data/payment-service' },
      gateway: { latencyMs: 50, latencyJitterMs: 50, declineRate: 0, transientFailureRate: 0, bugRate: 0, bugMode: false },
    });
  });

  it('reads every variable', () => {
    const config = loadPaymentServiceConfig({
      HOST: '0.0.0.0',
      PORT: '8080',
      LOG_LEVEL: 'debug',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      KAFKA_CLIENT_ID: 'payments-eu',
      KAFKA_RETRIES: '5',
      KAFKA_RETRY_INITIAL_DELAY_MS: '250',
      KAFKA_RETRY_MAX_DELAY_MS: '5000',
      DATABASE_URL: 'postgres://app@db:5432/shop',
      GATEWAY_LATENCY_MS: '10',
      GATEWAY_LATENCY_JITTER_MS: '5',
      GATEWAY_DECLINE_RATE: '0.1',
      GATEWAY_TRANSIENT_FAILURE_RATE: '.25',
      GATEWAY_BUG_RATE: '0',
      GATEWAY_BUG_MODE: 'true',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      logLevel: 'debug',
      kafka: { brokers: ['kafka-1:9092', 'kafka-2:9092'], clientId: 'payments-eu', compression: 'none', retry: { retries: 5, initialDelayMs: 250, maxDelayMs: 5000 } },
      database: { schema: 'payment_service', url: 'postgres://app@db:5432/shop' },
      gateway: { latencyMs: 10, latencyJitterMs: 5, declineRate: 0.1, transientFailureRate: 0.25, bugRate: 0, bugMode: true },
    });
    expect(config.database.dataDir).toBeUndefined();
  });

  it('reports every invalid variable at once', () => {
    let error: unknown;
    try {
      loadPaymentServiceConfig({ PORT: 'http', KAFKA_BROKERS: 'localhost', GATEWAY_DECLINE_RATE: '1.5', GATEWAY_BUG_MODE: 'maybe', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'KAFKA_BROKERS', 'GATEWAY_DECLINE_RATE', 'GATEWAY_BUG_MODE', 'LOG_LEVEL', 'DATABASE_URL']) expect(problems).toContain(name);
    expect((error as Error).message).toMatch(/^payment-service: invalid configuration/);
  });

  it('refuses a retry cap below the first delay', () => {
    expect(() => loadPaymentServiceConfig({ KAFKA_RETRY_INITIAL_DELAY_MS: '5000', KAFKA_RETRY_MAX_DELAY_MS: '1000' })).toThrow(/KAFKA_RETRY_MAX_DELAY_MS/);
  });
});
