import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DatabaseLogger, OutboxRelayOptions } from '@app/database';
import type { KafkaModuleOptions } from '@app/kafka';
import { createServiceApp, createServiceLogger, ServiceLogger } from '@app/service-kit';
import type { OrderServiceConfig } from './config/order-service.config';
import { OrderServiceModule } from './order-service.module';

export interface OrderServiceAppOptions {
  /** Default: JSON lines on stdout at `config.logLevel`. */
  logger?: ServiceLogger;
  kafka?: Partial<KafkaModuleOptions>;
  outboxRelay?: OutboxRelayOptions;
}

/**
 * The order-service app, created but not listening: `main.ts` hands it to `bootstrapService`, tests call
 * `init()` and drive `getHttpServer()`.
 */
export async function createOrderServiceApp(config: OrderServiceConfig, options: OrderServiceAppOptions = {}): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createServiceLogger({ service: 'order-service', level: config.logLevel });
  const databaseLogger: DatabaseLogger = {
    warn: (message, fields) => logger.warn({ context: 'Database', ...fields }, message),
    error: (message, fields) => logger.error({ context: 'Database', ...fields }, message),
  };
  const module = OrderServiceModule.register({ config, databaseLogger, kafka: options.kafka, outboxRelay: options.outboxRelay });
  return createServiceApp(module, { logger, bodyLimit: '64kb' });
}
