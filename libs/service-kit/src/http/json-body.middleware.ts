import type { IncomingMessage } from 'node:http';
import { PassThrough, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyRequest, onRequestHookHandler, preParsingHookHandler } from 'fastify';
import { jsonDepthError } from './json-depth.middleware';

/** True when the request carries a body (a length above zero, or chunked). */
function hasBody(request: IncomingMessage): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = request.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** Why `contentType` is not JSON we read (UTF-8, or no charset), or undefined when it is. */
function refusal(contentType: string | undefined): string | undefined {
  const [mediaType, ...parameters] = (contentType ?? '').split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return 'Request body must be JSON (Content-Type: application/json)';
  for (const parameter of parameters) {
    const [name, value = ''] = parameter.split('=');
    const charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
    if (name.trim().toLowerCase() === 'charset' && !charset.startsWith('utf-')) return `unsupported charset "${charset.toUpperCase()}"`;
  }
  return undefined;
}

/**
 * Fastify `onRequest` hook: a request with a body must say `Content-Type: application/json` (and a UTF charset if
 * any), else 415, whatever its method. Without it a body of another type would reach no parser, or be ignored,
 * and validation would report missing fields, which misleads the caller.
 */
export function jsonBodyOnlyHook(): onRequestHookHandler {
  return (request, _reply, done) => {
    if (hasBody(request.raw)) {
      const reason = refusal(request.headers['content-type']);
      if (reason !== undefined) {
        done(new UnsupportedMediaTypeException(reason));
        return;
      }
    }
    done();
  };
}

/**
 * Fastify `preParsing` hook: a body whose Content-Length is over `limit` gets 413, as Fastify would, but only once
 * it has been read off, as body-parser did: answered at once, with the connection closed under a client still
 * sending, the client gets a reset (EPIPE) instead of the answer.
 */
export function declaredSizeHook(limit: number): preParsingHookHandler {
  return (request, _reply, payload, done) => {
    if (!(Number(request.headers['content-length']) > limit)) {
      done(null, payload);
      return;
    }
    let settled = false;
    const settle = (error: Error) => {
      if (settled) return;
      settled = true;
      done(error);
    };
    payload.once('end', () => settle(new PayloadTooLargeException('request entity too large')));
    payload.once('error', settle);
    payload.resume();
  };
}

const INFLATERS = new Map<string, () => Transform>([
  ['gzip', createGunzip],
  ['x-gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

/**
 * Fastify `preParsing` hook: a body sent with `Content-Encoding: gzip`, `deflate` or `br` is inflated before the
 * JSON parser reads it, so the size limit (413) applies to the inflated size (a 10 KB gzip bomb of 20 MB is
 * refused while it inflates); another encoding gets 415, a body that does not inflate 400.
 */
export function contentEncodingHook(): preParsingHookHandler {
  return (request, reply, payload, done) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase() ?? 'identity';
    if (encoding === 'identity') {
      done(null, payload);
      return;
    }
    const inflater = INFLATERS.get(encoding);
    if (inflater === undefined) {
      done(new UnsupportedMediaTypeException(`unsupported content encoding "${encoding}"`));
      return;
    }
    // Fastify compares Content-Length with the bytes received, which only this stream knows.
    const inflated = Object.assign(new PassThrough(), { receivedEncodedLength: 0 });
    const inflating = inflater();
    payload.on('data', (chunk: Buffer) => {
      inflated.receivedEncodedLength += chunk.length;
    });
    // The client's own failure (it hung up) goes on as it is; a body that does not inflate is a 400.
    payload.once('error', (error) => inflated.destroy(error));
    inflating.once('error', () => inflated.destroy(new BadRequestException(`body is not valid ${encoding}`)));
    payload.pipe(inflating).pipe(inflated);
    // Answered before the end (413 at the limit): stop inflating what nobody reads any more.
    reply.raw.once('finish', () => inflating.destroy());
    done(null, inflated);
  };
}

/** Whitespace JSON allows before the first token. */
// eslint-disable-next-line no-control-regex -- tab, LF and CR are exactly the control characters JSON counts as whitespace
const LEADING_WHITESPACE = /^[\x20\x09\x0a\x0d]*/;

/**
 * The Fastify content-type parser of `application/json` (the only one): an object or array (400 otherwise, or
 * for malformed JSON), nested at most `maxDepth` levels ({@link jsonDepthError}). Keys like `__proto__` stay
 * plain own properties (`JSON.parse`), which the validation pipe then refuses as unknown fields. An empty body
 * is `{}`, so validation names the missing fields. The size limit is Fastify's `bodyLimit` (413). Register it
 * with `parseAs: 'buffer'`: Fastify then counts bytes, not decoded characters, against Content-Length.
 */
export function jsonBodyParser(maxDepth: number) {
  return (_request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: unknown) => void): void => {
    const text = body.toString('utf8');
    const first = text.charAt(LEADING_WHITESPACE.exec(text)![0].length);
    if (first === '') {
      done(null, {});
      return;
    }
    if (first !== '{' && first !== '[') {
      done(new BadRequestException('JSON body must be an object or an array'));
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      done(new BadRequestException((error as Error).message));
      return;
    }
    done(jsonDepthError(value, maxDepth) ?? null, value);
  };
}
