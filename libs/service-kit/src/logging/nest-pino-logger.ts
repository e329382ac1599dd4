import type { LoggerService } from '@nestjs/common';
import type { ServiceLogger } from './service-logger';

type PinoMethod = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Nest's own start-up narration (each module initialised, each route mapped, "Starting Nest application"): about
 * fifteen lines per service that say nothing a person starting the system needs. Kept, at debug.
 */
const BOOTSTRAP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/**
 * Nest's `LoggerService` on top of a pino logger, so Nest's own lines, `new Logger(ctx)` in our code and the
 * Kafka lib's logs all come out as the same JSON. Objects logged as the message (`{ msg, ...fields }`) become
 * structured fields.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly pino: ServiceLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = params[params.length - 1];
    this.write(typeof context === 'string' && BOOTSTRAP_CONTEXTS.has(context) ? 'debug' : 'info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: PinoMethod, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = params.filter((p) => p !== undefined);
    // Nest's Logger appends its context as the last parameter.
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context === undefined ? {} : { context };
    // Logger.error(message, stack, context): a stack arrives as a string parameter.
    const stack = rest.find((p): p is string => typeof p === 'string' && /\n\s+at /.test(p));
    if (stack !== undefined) fields.stack = stack;
    const errorParam = rest.find((p): p is Error => p instanceof Error);
    if (errorParam !== undefined) fields.err = errorParam;

    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const { msg, message: text, ...more } = message as Record<string, unknown>;
      const line = typeof msg === 'string' ? msg : typeof text === 'string' ? text : undefined;
      this.pino[level]({ ...more, ...fields }, line);
    } else {
      this.pino[level](fields, String(message));
    }
  }
}
