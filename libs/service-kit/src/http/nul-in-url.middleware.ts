import type { onRequestHookHandler } from 'fastify';
import { RequestValidationException } from './request-validation';

/**
 * Fastify `onRequest` hook: a URL with a percent-encoded NUL (`%00`) gets a 400. No id, path or query value of
 * ours can hold one, and PostgreSQL text cannot store it: a route that looks a decoded parameter up
 * (`GET /payments/%00`) would fail in the database with a 500 for a client's mistake. Node's parser already
 * refuses a raw NUL.
 */
export function nulInUrlHook(): onRequestHookHandler {
  return (request, _reply, done) => {
    if (request.url.includes('%00')) {
      done(new RequestValidationException([{ path: 'url', messages: ['url must not contain a NUL character (%00)'] }]));
      return;
    }
    done();
  };
}
