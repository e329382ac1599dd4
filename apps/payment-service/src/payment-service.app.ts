import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { migrate } from '@app/database';
import { createServiceApp, createServiceLogger, ServiceLogger } from '@app/service-kit';
import { PAYMENT_SERVICE_NAME, PaymentServiceConfig } from './config/payment-service.config';
import { paymentServiceMigrations } from './migrations';
import { PaymentServiceModule, PaymentServiceOverrides } from './payment-service.module';

export interface CreatePaymentServiceAppOptions extends PaymentServiceOverrides {
  /** Default: JSON lines on stdout at the configured level. */
  logger?: ServiceLogger;
}

/**
 * The payment service as a Nest app, created but not listening: `main.ts` hands it to `bootstrapService`, tests
 * call `init()` and drive `getHttpServer()`. Consumers and the outbox relay start on `init()`.
 */
export async function createPaymentServiceApp(config: PaymentServiceConfig, options: CreatePaymentServiceAppOptions = {}): Promise<NestFastifyApplication> {
  const { logger = createServiceLogger({ service: PAYMENT_SERVICE_NAME, level: config.logLevel }), ...overrides } = options;
  if (overrides.database !== undefined) await migrate(overrides.database, paymentServiceMigrations);
  return createServiceApp(PaymentServiceModule.forRoot(config, logger, overrides), { logger });
}
