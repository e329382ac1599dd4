import { ExecutionContext, ForbiddenException } from '@nestjs/common';
import { LocalOnlyGuard } from './local-only.guard';

function from(remoteAddress: string | undefined, headers: Record<string, string> = {}): ExecutionContext {
  const request = { socket: { remoteAddress }, headers };
  const context: Pick<ExecutionContext, 'switchToHttp'> = {
    switchToHttp: () => ({ getRequest: <T>() => request as T, getResponse: <T>() => ({}) as T, getNext: <T>() => (() => undefined) as T }),
  };
  return context as ExecutionContext;
}

describe('LocalOnlyGuard', () => {
  const guard = new LocalOnlyGuard();

  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('lets a request from %s through', (address) => {
    expect(guard.canActivate(from(address))).toBe(true);
  });

  it.each(['10.0.0.5', '::ffff:192.168.1.20', '2001:db8::1', '1127.0.0.1', undefined])('refuses a request from %s with 403', (address) => {
    expect(() => guard.canActivate(from(address))).toThrow(ForbiddenException);
  });

  it('ignores X-Forwarded-For, which any client can write', () => {
    expect(() => guard.canActivate(from('203.0.113.7', { 'x-forwarded-for': '127.0.0.1' }))).toThrow(ForbiddenException);
  });
});
