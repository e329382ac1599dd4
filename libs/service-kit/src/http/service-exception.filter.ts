import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailableError } from '@app/database';
import { correlationContext } from '@app/kafka';
import { correlationIdOf } from '../correlation/correlation-id.middleware';
import type { ServiceLogger } from '../logging/service-logger';
import type { FieldError } from './request-validation';

/** The JSON body of every error answer. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** A stable code for the failure, when the service gave one (`ORDER.NOT_FOUND`, `REQUEST.INVALID`). */
  code?: string;
  fields?: FieldError[];
  correlationId?: string;
}

interface Answer {
  status: number;
  message: string;
  code?: string;
  fields?: FieldError[];
  /** Seconds, for a 503 the client should retry. */
  retryAfter?: number;
}

const INTERNAL_MESSAGE = 'Internal server error';
const DATABASE_UNAVAILABLE_MESSAGE = 'The service cannot reach its database right now; nothing was stored, retry later';

/**
 * Turns every failure of an HTTP request into an {@link ErrorBody}. Client errors keep their message and the
 * fields at fault; a database that cannot be reached is a 503 with Retry-After (nothing was stored, the client may
 * send the same request again); anything unexpected becomes a bare 500 with the correlation id, and is logged
 * once, here, with its stack.
 */
@Catch()
export class ServiceExceptionFilter implements ExceptionFilter {
  /** `bodyLimit`: the request size limit in bytes, named in every 413 (whichever check found the body too large). */
  constructor(
    private readonly logger: ServiceLogger,
    private readonly bodyLimit?: number,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const correlationId = correlationIdOf(request) ?? correlationContext.get();
    // The request's own stream failed: the client went away (or broke the body) while it was being read.
    const answer = request.raw.errored === exception && exception !== null ? { status: HttpStatus.BAD_REQUEST, message: 'request aborted' } : describe(exception);
    if (answer.status === HttpStatus.PAYLOAD_TOO_LARGE && this.bodyLimit !== undefined) {
      answer.message = `request body is larger than the limit of ${formatBytes(this.bodyLimit)}`;
      answer.code = 'REQUEST.TOO_LARGE';
    }
    if (answer.status === HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.warn({ correlationId, method: request.method, url: request.url, statusCode: answer.status, reason: (exception as Error).message }, 'request refused: database unavailable');
    } else if (answer.status >= 500) {
      this.logger.error({ err: exception, correlationId, method: request.method, url: request.url, statusCode: answer.status }, 'request failed');
    }
    const body: ErrorBody = {
      statusCode: answer.status,
      error: STATUS_CODES[answer.status] ?? 'Error',
      message: answer.message,
      ...(answer.code !== undefined && { code: answer.code }),
      ...(answer.fields !== undefined && { fields: answer.fields }),
      ...(correlationId !== undefined && { correlationId }),
    };
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    reply.status(answer.status);
    if (answer.retryAfter !== undefined) reply.header('retry-after', String(answer.retryAfter));
    reply.header('content-type', 'application/json; charset=utf-8');
    // A HEAD answer has no body, and without one no Content-Length either (a client may not know it asked HEAD).
    if (request.method === 'HEAD') reply.send();
    else reply.send(JSON.stringify(body));
  }
}

/** 65536 -> "64 KiB"; 1048576 -> "1 MiB"; 1000 -> "1000 bytes". */
function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function describe(exception: unknown): Answer {
  if (exception instanceof HttpException) return fromHttpException(exception);
  const status = exposedStatus(exception);
  if (status !== undefined) return { status, message: (exception as Error).message };
  if (isDatabaseUnavailableError(exception)) {
    return { status: HttpStatus.SERVICE_UNAVAILABLE, message: DATABASE_UNAVAILABLE_MESSAGE, code: 'SERVICE.DATABASE_UNAVAILABLE', retryAfter: 2 };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: INTERNAL_MESSAGE };
}

function fromHttpException(exception: HttpException): Answer {
  const status = exception.getStatus();
  if (status === HttpStatus.INTERNAL_SERVER_ERROR) return { status, message: INTERNAL_MESSAGE };
  const response = exception.getResponse();
  if (typeof response === 'string') return { status, message: response };
  const { message, code, fields } = response as { message?: unknown; code?: unknown; fields?: unknown };
  return {
    status,
    message: typeof message === 'string' ? message : Array.isArray(message) ? message.join('; ') : exception.message,
    ...(typeof code === 'string' && { code }),
    ...(Array.isArray(fields) && { fields: fields as FieldError[] }),
  };
}

/**
 * The status of an http-errors style error (`status` or `statusCode`) that is meant to be shown, else undefined:
 * only 4xx with `expose: true` is a client's mistake. (Fastify's own 4xx, like 413, reach here as HttpException.)
 */
function exposedStatus(exception: unknown): number | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { status, statusCode, expose } = exception as Error & { status?: unknown; statusCode?: unknown; expose?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  return expose === true && typeof code === 'number' && code >= 400 && code < 500 ? code : undefined;
}
