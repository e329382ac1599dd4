import type { Server } from 'node:http';
import type { Type, DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { correlationIdMiddleware } from '../correlation/correlation-id.middleware';
import { jsonBodyOnlyMiddleware } from '../http/json-body.middleware';
import { jsonDepthLimitMiddleware } from '../http/json-depth.middleware';
import { nulInUrlMiddleware } from '../http/nul-in-url.middleware';
import { createValidationPipe } from '../http/request-validation';
import { ServiceExceptionFilter } from '../http/service-exception.filter';
import { NestPinoLogger } from '../logging/nest-pino-logger';
import type { ServiceLogger } from '../logging/service-logger';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { ServiceMetrics } from '../metrics/service-metrics';
import { ServiceKitError } from '../service-kit.errors';

/**
 * Our requests are at most 64 KB of JSON: a client slower than this to send its headers, or its whole request,
 * is holding a connection (slowloris), not sending. Node's defaults are 60 s and 300 s; it checks every 30 s.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;

export interface ServiceAppOptions {
  logger: ServiceLogger;
  /** Largest JSON body accepted; larger ones get 413. Default `64kb` (body-parser syntax, or bytes). */
  bodyLimit?: string | number;
}

/**
 * Creates (does not start) a service's Nest app with the shared HTTP pipeline, in this order: correlation id,
 * request metrics, no NUL in the URL (400), JSON-only bodies (415), the JSON parser with its size limit (413,
 * malformed JSON 400) and a depth limit (400), then the routes with the strict validation pipe and the error filter.
 * Slow clients are cut off after {@link HEADERS_TIMEOUT_MS} / {@link REQUEST_TIMEOUT_MS}. `rootModule` must import `ServiceKitModule`.
 * Tests call `init()` and drive `getHttpServer()`; `main.ts` hands the app to `bootstrapService`.
 */
export async function createServiceApp(rootModule: Type<unknown> | DynamicModule, options: ServiceAppOptions): Promise<NestExpressApplication> {
  const bodyLimit = options.bodyLimit ?? '64kb';
  if (!(typeof bodyLimit === 'number' ? Number.isInteger(bodyLimit) && bodyLimit > 0 : /^\d+(b|kb|mb)?$/i.test(bodyLimit))) {
    throw new ServiceKitError('SERVICE_KIT.INVALID_OPTIONS', `bodyLimit must be a positive byte count or like 64kb, got ${JSON.stringify(bodyLimit)}`);
  }
  const app = await NestFactory.create<NestExpressApplication>(rootModule, {
    logger: new NestPinoLogger(options.logger),
    bodyParser: false,
    abortOnError: false,
  });
  let metrics: ServiceMetrics;
  try {
    metrics = app.get(ServiceMetrics);
  } catch {
    await app.close();
    throw new ServiceKitError('SERVICE_KIT.NOT_CONFIGURED', 'the root module must import ServiceKitModule.forRoot(...)');
  }
  app.disable('x-powered-by');
  app.use(correlationIdMiddleware());
  app.use(httpMetricsMiddleware(metrics));
  app.use(nulInUrlMiddleware());
  app.use(jsonBodyOnlyMiddleware());
  app.useBodyParser('json', { limit: bodyLimit });
  app.use(jsonDepthLimitMiddleware());
  const server = app.getHttpServer() as Server;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ServiceExceptionFilter(options.logger));
  return app;
}
