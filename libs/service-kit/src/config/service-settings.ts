import { isLogLevel, LogLevel } from '../logging/service-logger';
import type { EnvReader } from './env-reader';
import { KafkaConnectionSettings, readKafkaConnectionSettings } from './kafka-connection-settings';

/** The settings every service reads the same way (see each service's README for its defaults). */
export interface ServiceSettings {
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  /** Processes serving the service (node:cluster workers); more than 1 needs PostgreSQL. */
  readonly workers: number;
  readonly kafka: { readonly brokers: readonly string[]; readonly clientId: string } & KafkaConnectionSettings;
  /** PostgreSQL when `url` is set; otherwise PGlite in `dataDir`. */
  readonly database: { readonly schema: string; readonly url?: string; readonly dataDir?: string };
}

export interface RetrySettings {
  readonly retries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

const BROKER = /^[^\s:,]+:\d{1,5}$/;

/**
 * Reads HOST (127.0.0.1), PORT, LOG_LEVEL (info), WORKERS (1), KAFKA_BROKERS (localhost:9092), KAFKA_CLIENT_ID (the service
 * name), KAFKA_COMPRESSION / KAFKA_SASL_* / KAFKA_SSL* (see {@link readKafkaConnectionSettings}), DATABASE_URL (optional, postgres://) and DATA_DIR (./data/<service>, only without DATABASE_URL). Problems
 * are noted on `read`; the caller calls `read.assertValid(service)` once it has read its own settings too.
 */
export function readServiceSettings(read: EnvReader, service: string, defaults: { port: number; schema: string }): ServiceSettings {
  const host = read.string('HOST', '127.0.0.1');
  const port = read.integer('PORT', defaults.port, 0, 65_535);
  const brokers = read.list('KAFKA_BROKERS', ['localhost:9092']);
  read.check(brokers.length > 0 && brokers.every((broker) => BROKER.test(broker)), `KAFKA_BROKERS must be host:port[,host:port...], got ${JSON.stringify(read.optional('KAFKA_BROKERS'))}`);
  const url = read.optional('DATABASE_URL');
  read.check(url === undefined || /^postgres(ql)?:\/\//.test(url), 'DATABASE_URL must be a postgres:// or postgresql:// URL');
  const workers = read.integer('WORKERS', 1, 1, 64);
  read.check(workers === 1 || url !== undefined, `WORKERS=${workers} needs DATABASE_URL: PGlite lives inside one process and cannot be shared by workers`);
  const logLevel = read.string('LOG_LEVEL', 'info');
  read.check(isLogLevel(logLevel), `LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got ${JSON.stringify(logLevel)}`);
  return {
    host,
    port,
    logLevel: isLogLevel(logLevel) ? logLevel : 'info',
    workers,
    kafka: { brokers, clientId: read.string('KAFKA_CLIENT_ID', service), ...readKafkaConnectionSettings(read) },
    database: url === undefined ? { schema: defaults.schema, dataDir: read.string('DATA_DIR', `./data/${service}`) } : { schema: defaults.schema, url },
  };
}

/** KAFKA_RETRIES (`defaultRetries`, 3 unless given), KAFKA_RETRY_INITIAL_DELAY_MS (1000), KAFKA_RETRY_MAX_DELAY_MS (60000). */
export function readRetrySettings(read: EnvReader, defaultRetries = 3): RetrySettings {
  const retry = {
    retries: read.integer('KAFKA_RETRIES', defaultRetries, 0, 20),
    initialDelayMs: read.integer('KAFKA_RETRY_INITIAL_DELAY_MS', 1000, 0, 3_600_000),
    maxDelayMs: read.integer('KAFKA_RETRY_MAX_DELAY_MS', 60_000, 0, 3_600_000),
  };
  read.check(retry.maxDelayMs >= retry.initialDelayMs, 'KAFKA_RETRY_MAX_DELAY_MS must be at least KAFKA_RETRY_INITIAL_DELAY_MS');
  return retry;
}
