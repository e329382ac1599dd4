import type { Type, DynamicModule } from '@nestjs/common';
import { BadRequestException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { assignCorrelationId, correlationContextHook, correlationIdHook } from '../correlation/correlation-id.middleware';
import { contentEncodingHook, declaredSizeHook, jsonBodyOnlyHook, jsonBodyParser } from '../http/json-body.middleware';
import { MAX_JSON_DEPTH } from '../http/json-depth.middleware';
import { nulInUrlHook } from '../http/nul-in-url.middleware';
import { createValidationPipe } from '../http/request-validation';
import { ServiceExceptionFilter } from '../http/service-exception.filter';
import { NestPinoLogger } from '../logging/nest-pino-logger';
import type { ServiceLogger } from '../logging/service-logger';
import { httpMetricsHook } from '../metrics/http-metrics.middleware';
import { ServiceMetrics } from '../metrics/service-metrics';
import { ServiceKitError } from '../service-kit.errors';

/**
 * Our requests are at most 64 KB of JSON: a client slower than this to send its headers, or its whole request,
 * is holding a connection (slowloris), not sending. Node's defaults are 60 s and 300 s; it checks every 30 s.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** Node's own default; Fastify's is 72 s. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

export interface ServiceAppOptions {
  logger: ServiceLogger;
  /** Largest JSON body accepted; larger ones get 413. Default `64kb` (bytes, or a count with b, kb or mb; 1 kb = 1024 bytes). */
  bodyLimit?: string | number;
}

/**
 * Creates (does not start) a service's Nest app on Fastify with the shared HTTP pipeline, in this order:
 * correlation id, no NUL in the URL (400), JSON-only bodies (415), gzip/deflate/br bodies inflated, the JSON
 * parser with its size limit (413, malformed JSON 400) and a depth limit (400), then the routes, inside the
 * correlation context, with the strict validation pipe and the error filter; every answer is timed into the
 * request metrics. Slow clients are cut off after {@link HEADERS_TIMEOUT_MS} / {@link REQUEST_TIMEOUT_MS}.
 * `rootModule` must import `ServiceKitModule`.
 *
 * `init()` also readies Fastify (`ServiceKitModule`'s `HttpServerReadiness`), so tests call `init()` and drive
 * `getHttpServer()`; `main.ts` hands the app to `bootstrapService`.
 */
export async function createServiceApp(rootModule: Type<unknown> | DynamicModule, options: ServiceAppOptions): Promise<NestFastifyApplication> {
  const bodyLimit = toBytes(options.bodyLimit ?? '64kb');
  const filter = new ServiceExceptionFilter(options.logger, bodyLimit);
  const adapter = new FastifyAdapter({
    bodyLimit,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // What Express did: `/orders/` and `/Orders` are `/orders`; ids of any length reach the controller.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 2048 },
    // A URL Fastify cannot decode (`/orders/%E0%A4%A`) gets the same 400 body as any other client error.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      assignCorrelationId(request, reply);
      filter.catch(new BadRequestException(error.message), new ExecutionContextHost([request, reply]));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
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
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', correlationIdHook());
  fastify.addHook('onRequest', nulInUrlHook());
  fastify.addHook('onRequest', jsonBodyOnlyHook());
  fastify.removeAllContentTypeParsers();
  fastify.addHook('preParsing', declaredSizeHook(bodyLimit));
  fastify.addHook('preParsing', contentEncodingHook());
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, jsonBodyParser(MAX_JSON_DEPTH));
  fastify.addHook('preHandler', correlationContextHook());
  fastify.addHook('onResponse', httpMetricsHook(metrics));
  const server = app.getHttpServer();
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(filter);
  return app;
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** `64kb` → 65536; a positive integer stays as it is. */
function toBytes(limit: string | number): number {
  if (typeof limit === 'number') {
    if (Number.isInteger(limit) && limit > 0) return limit;
  } else {
    const match = /^(\d+)(b|kb|mb)?$/i.exec(limit);
    const bytes = match === null ? 0 : Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()];
    if (bytes > 0) return bytes;
  }
  throw new ServiceKitError('SERVICE_KIT.INVALID_OPTIONS', `bodyLimit must be a positive byte count or like 64kb, got ${JSON.stringify(limit)}`);
}
