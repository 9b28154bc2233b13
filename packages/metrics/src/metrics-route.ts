import { timingSafeEqual } from 'node:crypto';
import { TrussError } from '@truss/core';
import { content, defineRoute, type Route } from '@truss/http';
import type { Registry } from 'prom-client';

/** Options of {@link metricsRoute}. */
export interface MetricsRouteOptions {
  /** Where the metrics are served. Default `/metrics`. */
  path?: string;
  /**
   * When set, a scrape must send `Authorization: Bearer <token>` (401 otherwise). Default: none,
   * for a port only Prometheus reaches.
   */
  token?: string;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics`: every metric of `registry` in the Prometheus text format (what
 * `promtool check metrics` reads), never cached.
 *
 * @example
 * ```ts
 * const routes = [...api.routes, metricsRoute(prometheus, { token: process.env.METRICS_TOKEN })];
 * ```
 */
export function metricsRoute(registry: Registry, options: MetricsRouteOptions = {}): Route {
  const { token } = options;
  return defineRoute({
    method: 'GET',
    path: options.path ?? '/metrics',
    summary: 'Prometheus metrics: requests, latency, errors, process CPU, memory and event-loop lag',
    handler: async ({ ctx }) => {
      if (token !== undefined) {
        const header = ctx.request.headers.authorization;
        const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '';
        if (!sameSecret(given, token)) {
          throw new TrussError('unauthorized', 'Send the metrics token as a Bearer token');
        }
      }
      return content(await registry.metrics(), registry.contentType, { 'cache-control': 'no-store' });
    },
  });
}
