import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp, createServiceLogger, ServiceLogger } from '@app/service-kit';
import { AnalyticsServiceModule, AnalyticsServiceOverrides } from './analytics-service.module';
import { ANALYTICS_SERVICE_NAME, AnalyticsServiceConfig } from './config/analytics-service.config';

export interface CreateAnalyticsServiceAppOptions extends AnalyticsServiceOverrides {
  /** Default: JSON lines on stdout at the configured level. */
  logger?: ServiceLogger;
}

/**
 * The analytics service as a Nest app, created but not listening: `main.ts` hands it to `bootstrapService`,
 * tests call `init()` and drive `getHttpServer()`. Consumers start on `init()`.
 */
export async function createAnalyticsServiceApp(config: AnalyticsServiceConfig, options: CreateAnalyticsServiceAppOptions = {}): Promise<NestFastifyApplication> {
  const { logger = createServiceLogger({ service: ANALYTICS_SERVICE_NAME, level: config.logLevel }), ...overrides } = options;
  return createServiceApp(AnalyticsServiceModule.forRoot(config, logger, overrides), { logger });
}
