import type { RetryPolicy } from '@app/kafka';
import { isLogLevel, LogLevel } from '@app/service-kit';
import { EnvReader } from './env-reader';

export const ANALYTICS_SERVICE_NAME = 'analytics-service';

export interface AnalyticsServiceConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly clientId: string;
    /** Retries of retriable failures (a database hiccup) through the retry topics. */
    readonly retry: Pick<RetryPolicy, 'retries' | 'initialDelayMs' | 'maxDelayMs'>;
  };
  /** PostgreSQL when `url` is set; otherwise PGlite in `dataDir`, or in memory when neither is set (tests). */
  readonly database: { readonly schema: string; readonly url?: string; readonly dataDir?: string };
}

const BROKER = /^[^\s:,]+:\d{1,5}$/;

/** The service's configuration from environment variables (see the README); every problem in one `ConfigError`. */
export function loadAnalyticsServiceConfig(env: Readonly<Record<string, string | undefined>> = process.env): AnalyticsServiceConfig {
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

  const schema = 'analytics_service';
  const config: AnalyticsServiceConfig = {
    host: read.string('HOST', '127.0.0.1'),
    port: read.integer('PORT', 3005, 0, 65_535),
    logLevel: isLogLevel(logLevel) ? logLevel : 'info',
    kafka: { brokers, clientId: read.string('KAFKA_CLIENT_ID', ANALYTICS_SERVICE_NAME), retry },
    database: url === undefined ? { schema, dataDir: read.string('DATA_DIR', `./data/${ANALYTICS_SERVICE_NAME}`) } : { schema, url },
  };
  read.assertValid(ANALYTICS_SERVICE_NAME);
  return config;
}
