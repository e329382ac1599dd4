import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { AdminGuard } from './admin.guard';

const TOKEN = 'c2VjcmV0LXRva2VuLWZvci10ZXN0cw';

function from(remoteAddress: string | undefined, headers: Record<string, string> = {}): ExecutionContext {
  const request = { socket: { remoteAddress }, headers: { host: '127.0.0.1:3003', authorization: `Bearer ${TOKEN}`, ...headers } };
  const context: Pick<ExecutionContext, 'switchToHttp'> = {
    switchToHttp: () => ({ getRequest: <T>() => request as T, getResponse: <T>() => ({}) as T, getNext: <T>() => (() => undefined) as T }),
  };
  return context as ExecutionContext;
}

function refusal(guard: AdminGuard, context: ExecutionContext): { status: number; code: unknown } {
  try {
    guard.canActivate(context);
  } catch (error) {
    if (error instanceof ForbiddenException || error instanceof UnauthorizedException) {
      return { status: error.getStatus(), code: (error.getResponse() as { code?: unknown }).code };
    }
    throw error;
  }
  throw new Error('the guard let the request through');
}

describe('AdminGuard', () => {
  const guard = new AdminGuard(TOKEN);

  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('lets a request from %s with the token through', (address) => {
    expect(guard.canActivate(from(address))).toBe(true);
  });

  it.each(['localhost:3003', 'LOCALHOST', '127.0.0.1', '[::1]:3003'])('accepts Host %s', (host) => {
    expect(guard.canActivate(from('127.0.0.1', { host }))).toBe(true);
  });

  it.each(['10.0.0.5', '::ffff:192.168.1.20', '2001:db8::1', '1127.0.0.1', undefined])('refuses a request from %s with 403', (address) => {
    expect(refusal(guard, from(address))).toEqual({ status: 403, code: 'ADMIN.LOCAL_ONLY' });
  });

  it('ignores X-Forwarded-For, which any client can write', () => {
    expect(refusal(guard, from('203.0.113.7', { 'x-forwarded-for': '127.0.0.1' }))).toEqual({ status: 403, code: 'ADMIN.LOCAL_ONLY' });
  });

  it.each(['evil.example:3003', 'localhost.evil.example', '127.0.0.1.nip.io', ''])('refuses Host %j (DNS rebinding) with 403', (host) => {
    expect(refusal(guard, from('127.0.0.1', { host }))).toEqual({ status: 403, code: 'ADMIN.HOST_NOT_LOOPBACK' });
  });

  it.each(['', 'Bearer', `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, 'Bearer wrong'])('refuses Authorization %j with 401', (authorization) => {
    expect(refusal(guard, from('127.0.0.1', { authorization }))).toEqual({ status: 401, code: 'ADMIN.BAD_TOKEN' });
  });

  it('keeps the endpoints closed when no ADMIN_TOKEN is configured', () => {
    expect(refusal(new AdminGuard(null), from('127.0.0.1'))).toEqual({ status: 403, code: 'ADMIN.NO_TOKEN' });
  });
});
