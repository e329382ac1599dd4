import { ServiceKitError } from '../service-kit.errors';

/** What `ServiceKitModule.forRoot` takes. */
export interface ServiceKitOptions {
  /** The service's name (`order-service`): a label on every metric. */
  service: string;
  /** How long each readiness check (database, Kafka) may take. Default 2000 ms. */
  healthTimeoutMs?: number;
  /** Export process metrics (CPU, memory, event loop) on /metrics. Default true. */
  defaultMetrics?: boolean;
}

export interface ResolvedServiceKitOptions {
  readonly service: string;
  readonly healthTimeoutMs: number;
  readonly defaultMetrics: boolean;
}

export const SERVICE_KIT_OPTIONS = Symbol('SERVICE_KIT_OPTIONS');

/** Validates once and returns a frozen copy with defaults; throws `SERVICE_KIT.INVALID_OPTIONS`. */
export function resolveServiceKitOptions(options: ServiceKitOptions): ResolvedServiceKitOptions {
  if (typeof options.service !== 'string' || !/^[a-z][a-z0-9-]{0,62}$/.test(options.service)) {
    throw invalid(`service must be a lower-case name like order-service, got ${JSON.stringify(options.service)}`);
  }
  const healthTimeoutMs = options.healthTimeoutMs ?? 2000;
  if (!Number.isInteger(healthTimeoutMs) || healthTimeoutMs < 1 || healthTimeoutMs > 60_000) {
    throw invalid(`healthTimeoutMs must be an integer from 1 to 60000, got ${healthTimeoutMs}`);
  }
  return Object.freeze({ service: options.service, healthTimeoutMs, defaultMetrics: options.defaultMetrics ?? true });
}

function invalid(message: string): ServiceKitError {
  return new ServiceKitError('SERVICE_KIT.INVALID_OPTIONS', message);
}
