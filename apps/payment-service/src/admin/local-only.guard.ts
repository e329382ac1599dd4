import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * Admin endpoints answer only connections from the service's own host. The socket address is used, never
 * `X-Forwarded-For`, which any client can write; behind a proxy on the same host, the proxy must not expose them.
 */
@Injectable()
export class LocalOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IncomingMessage>();
    const address = request.socket.remoteAddress ?? '';
    if (!LOOPBACK.test(address)) {
      throw new ForbiddenException({ code: 'ADMIN.LOCAL_ONLY', message: 'admin endpoints answer only requests from the service host' });
    }
    return true;
  }
}
