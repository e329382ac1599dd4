import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { correlationContext } from '@app/kafka';
import { correlationIdOf } from './correlation-id.middleware';

/** Controller parameter: the request's correlation id (`@CorrelationId() correlationId: string`). */
export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const request = context.switchToHttp().getRequest<IncomingMessage>();
  return correlationIdOf(request) ?? correlationContext.get();
});
