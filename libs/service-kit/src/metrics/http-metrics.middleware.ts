import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceMetrics } from './service-metrics';

/** Express sets `route` once a route matched; its path (`/orders/:id`) keeps the label set small. */
interface RoutedRequest extends IncomingMessage {
  route?: { path?: unknown };
  baseUrl?: string;
}

/** Express middleware: times every request into `http_request_duration_seconds`. */
export function httpMetricsMiddleware(metrics: ServiceMetrics) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const stop = metrics.httpRequestDuration.startTimer();
    response.once('finish', () => {
      const routed = request as RoutedRequest;
      const path = routed.route?.path;
      const route = typeof path === 'string' ? `${routed.baseUrl ?? ''}${path}` : 'unmatched';
      stop({ method: request.method ?? 'UNKNOWN', route, status_code: String(response.statusCode) });
    });
    next();
  };
}
