import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { correlationContext } from '@app/kafka';

/** HTTP header that carries the correlation id in and out of a service. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** What a caller may hand us; anything else is replaced, never echoed (it goes into logs and Kafka headers). */
const ACCEPTABLE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const ids = new WeakMap<IncomingMessage, string>();

/** The correlation id the middleware gave `request`, if it ran. */
export function correlationIdOf(request: IncomingMessage): string | undefined {
  return ids.get(request);
}

/** The caller's `x-correlation-id` when it is a plain token of at most 128 characters, else a new UUID. */
export function acceptCorrelationId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTABLE.test(value) ? value : randomUUID();
}

/**
 * Express middleware, first in the chain: reads or creates the correlation id, echoes it in the response, and
 * runs the rest of the request inside `correlationContext`, so logs and produced Kafka messages carry it.
 */
export function correlationIdMiddleware() {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const id = acceptCorrelationId(request.headers[CORRELATION_ID_HEADER]);
    ids.set(request, id);
    response.setHeader(CORRELATION_ID_HEADER, id);
    correlationContext.run(id, next);
  };
}
