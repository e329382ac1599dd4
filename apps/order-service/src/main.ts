import 'reflect-metadata';
import { bootstrapService, createServiceLogger } from '@app/service-kit';
import { loadOrderServiceConfig } from './config/order-service.config';
import { createOrderServiceApp } from './order-service.app';

async function main(): Promise<void> {
  const config = loadOrderServiceConfig();
  const logger = createServiceLogger({ service: 'order-service', level: config.logLevel });
  await bootstrapService(() => createOrderServiceApp(config, { logger }), { host: config.host, port: config.port, workers: config.workers, logger });
}

main().catch((error: unknown) => {
  // Only an invalid configuration gets here: bootstrapService reports its own failures.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
