import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface ServiceMetricsOptions {
  /** Also export process metrics (CPU, memory, event loop). Default true. */
  defaultMetrics?: boolean;
}

/**
 * The app's Prometheus registry (its own, never prom-client's global one, so apps in one process do not
 * collide) and the HTTP request histogram. Services register their own metrics with `registers: [registry]`.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(service: string, options: ServiceMetricsOptions = {}) {
    this.registry.setDefaultLabels({ service });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, matched route and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
  }
}
