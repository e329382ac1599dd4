import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp, createServiceLogger, ServiceLogger } from '@app/service-kit';
import { NOTIFICATION_SERVICE_NAME, NotificationServiceConfig } from './config/notification-service.config';
import { NotificationServiceModule, NotificationServiceOverrides } from './notification-service.module';

export interface CreateNotificationServiceAppOptions extends NotificationServiceOverrides {
  /** Default: JSON lines on stdout at the configured level. */
  logger?: ServiceLogger;
}

/**
 * The notification service as a Nest app, created but not listening: `main.ts` hands it to `bootstrapService`,
 * tests call `init()` and drive `getHttpServer()`. Consumers start on `init()`.
 */
export async function createNotificationServiceApp(config: NotificationServiceConfig, options: CreateNotificationServiceAppOptions = {}): Promise<NestFastifyApplication> {
  const { logger = createServiceLogger({ service: NOTIFICATION_SERVICE_NAME, level: config.logLevel }), ...overrides } = options;
  return createServiceApp(NotificationServiceModule.forRoot(config, logger, overrides), { logger });
}
