import type { onResponseHookHandler } from 'fastify';
import type { ServiceMetrics } from './service-metrics';

/**
 * Fastify `onResponse` hook: times every answered request into `http_request_duration_seconds`, labelled with
 * the matched route's pattern (`/orders/:id`, which keeps the label set small) or `unmatched`.
 */
export function httpMetricsHook(metrics: ServiceMetrics): onResponseHookHandler {
  return (request, reply, done) => {
    const route = request.is404 ? undefined : request.routeOptions.url;
    metrics.httpRequestDuration.observe({ method: request.method, route: route ?? 'unmatched', status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  };
}
