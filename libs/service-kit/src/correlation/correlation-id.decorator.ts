import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { correlationContext } from '@app/kafka';
import { correlationIdOf } from './correlation-id.middleware';

/** Controller parameter: the request's correlation id (`@CorrelationId() correlationId: string`). */
export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return correlationIdOf(request) ?? correlationContext.get();
});
