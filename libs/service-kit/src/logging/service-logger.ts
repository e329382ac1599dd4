import cluster from 'node:cluster';
import pino, { DestinationStream, Logger, LevelWithSilent } from 'pino';
import { correlationLogMixin } from '@app/kafka';
import { ServiceKitError } from '../service-kit.errors';

export type LogLevel = LevelWithSilent;

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface ServiceLoggerOptions {
  /** Written as `service` on every line. */
  service: string;
  /** Default `info`. */
  level?: LogLevel;
  /** Default: stdout. Tests pass a stream to read what an operator would see. */
  destination?: DestinationStream;
}

/** The lines a service writes, as JSON. */
export type ServiceLogger = Logger;

/**
 * A pino logger writing JSON lines that carry `service`, `worker` in a worker pool (WORKERS > 1), and, inside a
 * request or handler, `correlationId`.
 */
export function createServiceLogger(options: ServiceLoggerOptions): ServiceLogger {
  if (typeof options.service !== 'string' || options.service.trim() === '') {
    throw new ServiceKitError('SERVICE_KIT.INVALID_OPTIONS', 'service must be a non-empty string');
  }
  const level = options.level ?? 'info';
  if (!isLogLevel(level)) {
    throw new ServiceKitError('SERVICE_KIT.INVALID_OPTIONS', `level must be one of ${LEVELS.join(', ')}, got ${JSON.stringify(level)}`);
  }
  const settings = {
    level,
    base: cluster.isWorker ? { service: options.service, worker: cluster.worker?.id } : { service: options.service },
    mixin: correlationLogMixin,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}
