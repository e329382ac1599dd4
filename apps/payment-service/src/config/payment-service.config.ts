import type { RetryPolicy } from '@app/kafka';
import { isLogLevel, LogLevel } from '@app/service-kit';
import { MAX_GATEWAY_LATENCY_MS, SimulatedGatewaySettings } from '../payments/gateway/simulated-gateway.settings';
import { EnvReader } from './env-reader';

export const PAYMENT_SERVICE_NAME = 'payment-service';

export interface PaymentServiceConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly clientId: string;
    /** Retries of retriable failures (gateway timeouts) through the retry topics. */
    readonly retry: Pick<RetryPolicy, 'retries' | 'initialDelayMs' | 'maxDelayMs'>;
  };
  /** PostgreSQL when `url` is set; otherwise PGlite in `dataDir`, or in memory when neither is set (tests). */
  readonly database: { readonly schema: string; readonly url?: string; readonly dataDir?: string };
  readonly gateway: SimulatedGatewaySettings;
}

const BROKER = /^[^\s:,]+:\d{1,5}$/;

/**
 * The service's configuration from environment variables (see the README), validated at once: every problem is
 * reported in one `ConfigError`.
 */
export function loadPaymentServiceConfig(env: Readonly<Record<string, string | undefined>> = process.env): PaymentServiceConfig {
  const read = new EnvReader(env);
  const brokers = read.list('KAFKA_BROKERS', ['localhost:9092']);
  read.check(brokers.length > 0 && brokers.every((broker) => BROKER.test(broker)), `KAFKA_BROKERS must be host:port[,host:port...], got ${JSON.stringify(env.KAFKA_BROKERS)}`);
  const logLevel = read.string('LOG_LEVEL', 'info');
  read.check(isLogLevel(logLevel), `LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got ${JSON.stringify(logLevel)}`);
  const url = read.optional('DATABASE_URL');
  read.check(url === undefined || /^postgres(ql)?:\/\//.test(url), 'DATABASE_URL must be a postgres:// or postgresql:// URL');
  const retry = {
    retries: read.integer('KAFKA_RETRIES', 3, 0, 20),
    initialDelayMs: read.integer('KAFKA_RETRY_INITIAL_DELAY_MS', 1000, 0, 3_600_000),
    maxDelayMs: read.integer('KAFKA_RETRY_MAX_DELAY_MS', 60_000, 0, 3_600_000),
  };
  read.check(retry.maxDelayMs >= retry.initialDelayMs, 'KAFKA_RETRY_MAX_DELAY_MS must be at least KAFKA_RETRY_INITIAL_DELAY_MS');

  const config: PaymentServiceConfig = {
    host: read.string('HOST', '127.0.0.1'),
    port: read.integer('PORT', 3003, 0, 65_535),
    logLevel: isLogLevel(logLevel) ? logLevel : 'info',
    kafka: { brokers, clientId: read.string('KAFKA_CLIENT_ID', PAYMENT_SERVICE_NAME), retry },
    database: url === undefined ? { schema: 'payment_service', dataDir: read.string('DATA_DIR', `./data/${PAYMENT_SERVICE_NAME}`) } : { schema: 'payment_service', url },
    gateway: {
      latencyMs: read.integer('GATEWAY_LATENCY_MS', 50, 0, MAX_GATEWAY_LATENCY_MS),
      latencyJitterMs: read.integer('GATEWAY_LATENCY_JITTER_MS', 50, 0, MAX_GATEWAY_LATENCY_MS),
      declineRate: read.number('GATEWAY_DECLINE_RATE', 0, 0, 1),
      transientFailureRate: read.number('GATEWAY_TRANSIENT_FAILURE_RATE', 0, 0, 1),
      bugRate: read.number('GATEWAY_BUG_RATE', 0, 0, 1),
      bugMode: read.boolean('GATEWAY_BUG_MODE', false),
    },
  };
  read.assertValid(PAYMENT_SERVICE_NAME);
  return config;
}
