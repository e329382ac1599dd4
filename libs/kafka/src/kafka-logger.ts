import { Logger } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';
import { correlationContext } from './correlation/correlation-context';

/** Where the lib and the kafkajs client write logs; fields are structured (pino-friendly). */
export interface KafkaLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Writes through a Nest `Logger` (whatever logger the app installed), adding the current correlation id. */
export function nestKafkaLogger(context = 'Kafka'): KafkaLogger {
  const logger = new Logger(context);
  const withCorrelation = (fields: Record<string, unknown> = {}): Record<string, unknown> => {
    const correlationId = correlationContext.get();
    return correlationId === undefined || 'correlationId' in fields ? fields : { ...fields, correlationId };
  };
  return {
    debug: (message, fields) => logger.debug({ msg: message, ...withCorrelation(fields) }),
    info: (message, fields) => logger.log({ msg: message, ...withCorrelation(fields) }),
    warn: (message, fields) => logger.warn({ msg: message, ...withCorrelation(fields) }),
    error: (message, fields) => logger.error({ msg: message, ...withCorrelation(fields) }),
  };
}

/** Writes through a pino logger (give it `mixin: correlationLogMixin` to stamp the correlation id on every line). */
export function pinoKafkaLogger(logger: PinoLogger): KafkaLogger {
  return {
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}

/** Drops everything; for tests that assert on what users see instead of on logs. */
export const silentKafkaLogger: KafkaLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
