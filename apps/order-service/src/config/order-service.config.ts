import { EnvReader, ServiceSettings, readServiceSettings } from '@app/service-kit';

export const ORDER_SERVICE_NAME = 'order-service';

/** Everything the order-service reads from its environment, validated. */
export type OrderServiceConfig = ServiceSettings;

/**
 * Reads and validates the order-service settings from `env` (default `process.env`), failing fast with every
 * problem listed in one `ConfigError`: PORT (3002), HOST (127.0.0.1), KAFKA_BROKERS (localhost:9092),
 * KAFKA_CLIENT_ID (order-service), DATABASE_URL (optional), DATA_DIR (./data/order-service), LOG_LEVEL (info),
 * WORKERS (1; more needs DATABASE_URL).
 */
export function loadOrderServiceConfig(env: Readonly<Record<string, string | undefined>> = process.env): OrderServiceConfig {
  const read = new EnvReader(env);
  const config = readServiceSettings(read, ORDER_SERVICE_NAME, { port: 3002, schema: 'order_service' });
  read.assertValid(ORDER_SERVICE_NAME);
  return config;
}
