import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const LOOPBACK_ADDRESS = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const LOOPBACK_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d{1,5})?$/i;

/**
 * Every admin (write) endpoint: the connection comes from the service's own host (the socket address, never
 * `X-Forwarded-For`), the `Host` header names a loopback host (a page in a local browser reaching the port through
 * DNS rebinding sends its own domain), and `Authorization: Bearer <ADMIN_TOKEN>`. Without ADMIN_TOKEN configured the
 * endpoints are closed; `npm start` and ./test-kafka.sh generate one and print it.
 */
/** Provider of the configured ADMIN_TOKEN (a string, or null when none is set). */
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

@Injectable()
export class AdminGuard implements CanActivate {
  private readonly token: Buffer | undefined;

  constructor(@Inject(ADMIN_TOKEN) adminToken: string | null) {
    this.token = adminToken === null ? undefined : Buffer.from(adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IncomingMessage>();
    if (!LOOPBACK_ADDRESS.test(request.socket.remoteAddress ?? '')) {
      throw new ForbiddenException({ code: 'ADMIN.LOCAL_ONLY', message: 'admin endpoints answer only requests from the service host' });
    }
    if (!LOOPBACK_HOST.test(request.headers.host ?? '')) {
      throw new ForbiddenException({ code: 'ADMIN.HOST_NOT_LOOPBACK', message: 'admin endpoints answer only a Host of localhost, 127.0.0.1 or [::1]' });
    }
    if (this.token === undefined) {
      throw new ForbiddenException({ code: 'ADMIN.NO_TOKEN', message: 'admin endpoints are closed: start the service with ADMIN_TOKEN set' });
    }
    const presented = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (presented === undefined || !sameToken(Buffer.from(presented), this.token)) {
      throw new UnauthorizedException({ code: 'ADMIN.BAD_TOKEN', message: 'admin endpoints need Authorization: Bearer <ADMIN_TOKEN>' });
    }
    return true;
  }
}

function sameToken(presented: Buffer, expected: Buffer): boolean {
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
