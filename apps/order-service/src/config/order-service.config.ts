import { isLogLevel, LogLevel } from '@app/service-kit';

/** Everything the order-service reads from its environment, validated. */
export interface OrderServiceConfig {
  readonly host: string;
  readonly port: number;
  readonly kafka: { readonly brokers: readonly string[]; readonly clientId: string };
  /** PostgreSQL when `url` is set; otherwise PGlite under `dataDir` (in memory when that is unset too). */
  readonly database: { readonly schema: string; readonly url?: string; readonly dataDir?: string };
  readonly logLevel: LogLevel;
}

/** A setting that is missing or wrong; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG.INVALID';
  readonly retriable = false;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the order-service settings from `env` (default `process.env`), failing fast with every
 * problem listed: PORT (3002), HOST (127.0.0.1), KAFKA_BROKERS (localhost:9092), KAFKA_CLIENT_ID (order-service),
 * DATABASE_URL (optional), DATA_DIR (./data/order-service), LOG_LEVEL (info).
 */
export function loadOrderServiceConfig(env: Env = process.env): OrderServiceConfig {
  const problems: string[] = [];
  const text = (name: string, fallback: string): string => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? fallback : value;
  };

  const portText = text('PORT', '3002');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) problems.push(`PORT must be a port number from 1 to 65535, got ${JSON.stringify(portText)}`);

  const brokers = text('KAFKA_BROKERS', 'localhost:9092').split(',').map((b) => b.trim()).filter((b) => b !== '');
  const badBroker = brokers.find((b) => !/^[^\s:]+:\d{1,5}$/.test(b));
  if (brokers.length === 0 || badBroker !== undefined) problems.push(`KAFKA_BROKERS must be a comma-separated list of host:port, got ${JSON.stringify(env.KAFKA_BROKERS)}`);

  const url = env.DATABASE_URL?.trim() || undefined;
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');

  const logLevel = text('LOG_LEVEL', 'info');
  if (!isLogLevel(logLevel)) problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got ${JSON.stringify(logLevel)}`);

  if (problems.length > 0) throw new ConfigError(`order-service configuration is invalid:\n- ${problems.join('\n- ')}`);
  return Object.freeze({
    host: text('HOST', '127.0.0.1'),
    port,
    kafka: Object.freeze({ brokers: Object.freeze(brokers), clientId: text('KAFKA_CLIENT_ID', 'order-service') }),
    database: Object.freeze({ schema: 'order_service', url, dataDir: url === undefined ? text('DATA_DIR', './data/order-service') : undefined }),
    logLevel: logLevel as LogLevel,
  });
}
