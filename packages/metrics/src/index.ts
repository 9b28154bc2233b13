/**
 * Metrics for Truss on prom-client, served at `GET /metrics` in the Prometheus format: requests by
 * method, route template and status, a latency histogram, errors by code, requests in flight, and the
 * process's CPU, memory, event-loop lag and GC. Other packages record into the `MetricsRegistry` port
 * of `@truss/core` (cache hits, rate-limit rejections, events), so only this package depends on
 * prom-client.
 *
 * @example
 * ```ts
 * import { createMetrics } from '@truss/metrics';
 *
 * const metrics = createMetrics();
 * const kernel = createKernel({ routes: [...routes, ...metrics.routes], middleware: [metrics.middleware] });
 * ```
 *
 * @module @truss/metrics
 */

export type { Metrics, MetricsOptions } from './create-metrics.js';
export { createMetrics } from './create-metrics.js';
export { LATENCY_BUCKETS, recordHttpMetrics } from './http-metrics.js';
export type { MetricsRouteOptions } from './metrics-route.js';
export { metricsRoute } from './metrics-route.js';
export { registerProcessMetrics } from './process-metrics.js';
export { createPrometheusRegistry } from './prometheus-registry.js';
export { cacheMetrics, rateLimitMetrics } from './shared-state-metrics.js';
