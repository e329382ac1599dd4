import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConsoleError } from '../console.errors';

export const SESSION_COOKIE = 'console_session';
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** Headers on every answer: assets come only from the console itself (it works offline), nothing may frame it. */
export const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

/**
 * Who may write. Bearer `ADMIN_TOKEN` (scripts) or a session cookie from the login form (browsers). A cookie is
 * sent by the browser on its own, so cookie-authenticated writes also need the CSRF token the session was given
 * (in `x-csrf-token`); a Bearer header is never sent by another site, so it needs none.
 */
export class WriteGuard {
  private readonly sessions = new Map<string, number>();
  private readonly secret = randomBytes(32);

  constructor(
    private readonly adminToken: string | undefined,
    readonly readOnly: boolean,
  ) {}

  get writable(): boolean {
    return !this.readOnly && this.adminToken !== undefined;
  }

  /** Why writes are off, or null when they are possible (with the token). */
  get writesOffBecause(): string | null {
    if (this.readOnly) return 'the console runs in --read-only mode';
    if (this.adminToken === undefined) return 'ADMIN_TOKEN is not set, so no write action can be authorised';
    return null;
  }

  login(token: unknown): { session: string; csrf: string } {
    const refused = this.writesOffBecause;
    if (refused !== null) throw new ConsoleError('CONSOLE.FORBIDDEN', `writes are off: ${refused}`);
    if (typeof token !== 'string' || !this.tokenMatches(token)) throw new ConsoleError('CONSOLE.UNAUTHORIZED', 'wrong admin token');
    const session = randomBytes(24).toString('base64url');
    this.sessions.set(session, Date.now() + SESSION_TTL_MS);
    return { session, csrf: this.csrfOf(session) };
  }

  logout(request: FastifyRequest): void {
    const session = sessionCookie(request);
    if (session) this.sessions.delete(session);
  }

  /** The session's CSRF token when the request carries a live session, else null. */
  sessionOf(request: FastifyRequest): { csrf: string } | null {
    const session = sessionCookie(request);
    const expires = session === undefined ? undefined : this.sessions.get(session);
    if (session === undefined || expires === undefined) return null;
    if (expires < Date.now()) {
      this.sessions.delete(session);
      return null;
    }
    return { csrf: this.csrfOf(session) };
  }

  /** Throws unless the request may write. */
  assertMayWrite(request: FastifyRequest): void {
    const refused = this.writesOffBecause;
    if (refused !== null) throw new ConsoleError('CONSOLE.FORBIDDEN', `writes are off: ${refused}`);
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) {
      if (!this.tokenMatches(bearer)) throw new ConsoleError('CONSOLE.UNAUTHORIZED', 'wrong admin token');
      return;
    }
    const session = this.sessionOf(request);
    if (session === null) throw new ConsoleError('CONSOLE.UNAUTHORIZED', 'log in with the admin token (or send Authorization: Bearer <ADMIN_TOKEN>)');
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !equal(sent, session.csrf)) throw new ConsoleError('CONSOLE.FORBIDDEN', 'missing or wrong CSRF token (x-csrf-token)');
  }

  setSessionCookie(reply: FastifyReply, session: string): void {
    reply.header('set-cookie', `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_TTL_MS / 1000}`);
  }

  clearSessionCookie(reply: FastifyReply): void {
    reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
  }

  private tokenMatches(token: string): boolean {
    return this.adminToken !== undefined && equal(token, this.adminToken);
  }

  private csrfOf(session: string): string {
    return createHmac('sha256', this.secret).update(session).digest('base64url');
  }
}

function equal(a: string, b: string): boolean {
  const left = createHmac('sha256', 'compare').update(a).digest();
  const right = createHmac('sha256', 'compare').update(b).digest();
  return timingSafeEqual(left, right);
}

/** The session id from the Cookie header (ids are base64url, so no decoding is needed). */
function sessionCookie(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === SESSION_COOKIE && value !== undefined && /^[A-Za-z0-9_-]+$/.test(value)) return value;
  }
  return undefined;
}
