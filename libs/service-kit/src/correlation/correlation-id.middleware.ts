import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { correlationContext } from '@app/kafka';

/** HTTP header that carries the correlation id in and out of a service. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** What a caller may hand us; anything else is replaced, never echoed (it goes into logs and Kafka headers). */
const ACCEPTABLE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const ids = new WeakMap<IncomingMessage, string>();

/** The correlation id {@link correlationIdHook} gave `request` (Fastify's, or the Node request under it), if it ran. */
export function correlationIdOf(request: IncomingMessage | FastifyRequest): string | undefined {
  return ids.get('raw' in request ? request.raw : request);
}

/** The caller's `x-correlation-id` when it is a plain token of at most 128 characters, else a new UUID. */
export function acceptCorrelationId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTABLE.test(value) ? value : randomUUID();
}

/** Reads or creates the request's correlation id, remembers it and echoes it in the response. */
export function assignCorrelationId(request: FastifyRequest, reply: FastifyReply): string {
  const id = acceptCorrelationId(request.headers[CORRELATION_ID_HEADER]);
  ids.set(request.raw, id);
  reply.header(CORRELATION_ID_HEADER, id);
  return id;
}

/** Fastify `onRequest` hook, first of all: gives the request its correlation id ({@link assignCorrelationId}). */
export function correlationIdHook(): onRequestHookHandler {
  return (request, reply, done) => {
    assignCorrelationId(request, reply);
    done();
  };
}

/**
 * Fastify `preHandler` hook, once the body is read: runs the route handler, and all it starts, inside
 * `correlationContext`, so logs and produced Kafka messages carry the id. Errors answered before it (415, 413,
 * malformed JSON) find the id with {@link correlationIdOf}.
 */
export function correlationContextHook(): preHandlerHookHandler {
  return (request, _reply, done) => {
    const id = ids.get(request.raw);
    if (id === undefined) done();
    else correlationContext.run(id, done);
  };
}
