import { type MetricsRegistry, parseInput } from '@truss/core';
import type { Middleware, Route } from '@truss/http';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { recordHttpMetrics } from './http-metrics.js';
import { type MetricsRouteOptions, metricsRoute } from './metrics-route.js';
import { registerProcessMetrics } from './process-metrics.js';
import { createPrometheusRegistry } from './prometheus-registry.js';

/** Options of {@link createMetrics}. */
export interface MetricsOptions extends MetricsRouteOptions {
  /** Register the process metrics (CPU, memory, event-loop lag, GC). Default `true`. */
  processMetrics?: boolean;
  /** Labels added to every metric, e.g. `{ service: 'orders' }`. Default none. */
  defaultLabels?: Record<string, string>;
}

/** What {@link createMetrics} answers. */
export interface Metrics {
  /** Where other packages record their metrics (cache hits, rate-limit rejections, events). */
  readonly registry: MetricsRegistry;
  /** The prom-client registry behind it, for prom-client code of your own. */
  readonly prometheus: Registry;
  /** The kernel middleware recording every request; put it first. */
  readonly middleware: Middleware;
  /** `GET /metrics`. */
  readonly routes: readonly Route[];
}

const optionsSchema = z.strictObject({
  path: z.string().startsWith('/').optional(),
  token: z.string().min(16, 'must be at least 16 characters').optional(),
  processMetrics: z.boolean().optional(),
  defaultLabels: z.record(z.string().regex(/^[a-zA-Z_]\w*$/), z.string()).optional(),
});

/**
 * Metrics for a Truss server on a registry of its own: the HTTP middleware, the process metrics and
 * `GET /metrics`, plus the {@link MetricsRegistry} to hand to other packages.
 *
 * @example
 * ```ts
 * const metrics = createMetrics();
 * const api = createTrussApi({ ...deps, add: metrics.routes });
 * const kernel = createKernel({ ...api, middleware: [metrics.middleware, logRequests(logger)] });
 * createProductCache({ redis, metrics: metrics.registry }); // records cache_hits_total, …
 * ```
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  parseInput(optionsSchema, options, 'metrics options');
  const prometheus = new Registry();
  if (options.defaultLabels) prometheus.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics ?? true) registerProcessMetrics(prometheus);
  const registry = createPrometheusRegistry(prometheus);
  const routeOptions: MetricsRouteOptions = {};
  if (options.path) routeOptions.path = options.path;
  if (options.token) routeOptions.token = options.token;
  return Object.freeze({
    registry,
    prometheus,
    middleware: recordHttpMetrics(registry),
    routes: Object.freeze([metricsRoute(prometheus, routeOptions)]),
  });
}
