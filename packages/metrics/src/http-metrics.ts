import { isTrussError, type MetricsRegistry } from '@truss/core';
import type { Middleware } from '@truss/http';

/** Upper bounds of the latency histogram, seconds: 5 ms to 10 s, fine around the 100 ms goal. */
export const LATENCY_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

function errorCodeOf(body: unknown): string | null {
  const code = (body as { error?: unknown } | null | undefined)?.error;
  return typeof code === 'string' ? code : null;
}

/**
 * A kernel middleware that records, for every request a route serves:
 * `http_requests_total{method,route,status}`, `http_request_duration_seconds{method,route,status}`
 * (a histogram, until the response is ready; a streamed body's transfer is not included),
 * `http_request_errors_total{method,route,code}` (every error answer by its error code) and
 * `http_requests_in_flight`. `route` is the route's template (`/api/v1/users/:id`) and `method` the
 * route's, so the number of series stays bounded whatever paths clients send. Put it first in the
 * kernel's `middleware` so it times everything after it. Requests no route serves (404 from the
 * router) do not pass through middleware and are not counted.
 *
 * @example
 * ```ts
 * createKernel({ routes, middleware: [recordHttpMetrics(metrics), logRequests(logger)] });
 * ```
 */
export function recordHttpMetrics(metrics: MetricsRegistry): Middleware {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = metrics.counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames,
  });
  const duration = metrics.histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request reaching the kernel to its response being ready, seconds',
    labelNames,
    buckets: LATENCY_BUCKETS,
  });
  const errors = metrics.counter({
    name: 'http_request_errors_total',
    help: 'HTTP error answers (4xx and 5xx), by method, route template and error code',
    labelNames: ['method', 'route', 'code'],
  });
  const inFlight = metrics.gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests being handled now',
  });

  return async (ctx, next) => {
    const started = performance.now();
    const { method, path: route } = ctx.route;
    let status = 500;
    let code: string | null = null;
    inFlight.inc();
    try {
      const response = await next();
      status = response.status;
      if (status >= 400) code = errorCodeOf(response.body) ?? 'unknown';
      return response;
    } catch (error) {
      if (isTrussError(error)) {
        status = error.status;
        code = error.code;
      } else {
        code = 'internal_error';
      }
      throw error;
    } finally {
      inFlight.dec();
      const labels = { method, route, status };
      requests.inc(labels);
      duration.observe(labels, (performance.now() - started) / 1000);
      if (code !== null) errors.inc({ method, route, code });
    }
  };
}
