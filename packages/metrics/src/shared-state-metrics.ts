import type { CacheEvent, MetricsRegistry } from '@truss/core';
import type { RateLimitEvent } from '@truss/http';

/**
 * The `onEvent` of `createCache` (`@truss/core`) recording `cache_hits_total{cache}` (near hits
 * included), `cache_misses_total{cache}` and `cache_errors_total{cache}`. `cache` is the key's
 * family (`user`, `product`, `products`), so the series stay few.
 *
 * @example
 * ```ts
 * const cache = createCache({ store, ttlSeconds: 300, onEvent: cacheMetrics(metrics.registry) });
 * ```
 */
export function cacheMetrics(registry: MetricsRegistry): (event: CacheEvent) => void {
  const options = (name: string, help: string) => ({ name, help, labelNames: ['cache'] as const });
  const hits = registry.counter(options('cache_hits_total', 'Cache reads answered from the cache'));
  const misses = registry.counter(options('cache_misses_total', 'Cache reads that loaded the value'));
  const errors = registry.counter(
    options('cache_errors_total', 'Cache store failures (the value was loaded)'),
  );
  return (event) => {
    const labels = { cache: event.name };
    if (event.type === 'miss') misses.inc(labels);
    else if (event.type === 'error') errors.inc(labels);
    else hits.inc(labels);
  };
}

/**
 * The `onEvent` of the rate limit (`rateLimit` of `@truss/http`, `createTrussApi({ rateLimit })`)
 * recording `rate_limit_rejections_total{limit}` and `rate_limit_errors_total{limit}` (the store
 * could not be reached).
 *
 * @example
 * ```ts
 * createTrussApi({ …, rateLimit: { store, onEvent: rateLimitMetrics(metrics.registry) } });
 * ```
 */
export function rateLimitMetrics(registry: MetricsRegistry): (event: RateLimitEvent) => void {
  const rejections = registry.counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests refused with 429 by a rate limit',
    labelNames: ['limit'],
  });
  const errors = registry.counter({
    name: 'rate_limit_errors_total',
    help: 'Rate-limit checks that could not reach their store',
    labelNames: ['limit'],
  });
  return (event) => {
    if (event.type === 'limited') rejections.inc({ limit: event.rule });
    else if (event.type === 'error') errors.inc({ limit: event.rule });
  };
}
