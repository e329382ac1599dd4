import type { IncomingMessage, ServerResponse } from 'node:http';
import { UnsupportedMediaTypeException } from '@nestjs/common';

/** True when the request carries a body (a length above zero, or chunked). */
function hasBody(request: IncomingMessage): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = request.headers['content-length'];
  return length !== undefined && length !== '0';
}

function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json';
}

/**
 * Express middleware: a request with a body must say `Content-Type: application/json`, else 415. Without it the
 * JSON parser would skip the body and validation would report missing fields, which misleads the caller.
 */
export function jsonBodyOnlyMiddleware() {
  return (request: IncomingMessage, _response: ServerResponse, next: (error?: unknown) => void): void => {
    if (hasBody(request) && !isJson(request.headers['content-type'])) {
      next(new UnsupportedMediaTypeException('Request body must be JSON (Content-Type: application/json)'));
      return;
    }
    next();
  };
}
