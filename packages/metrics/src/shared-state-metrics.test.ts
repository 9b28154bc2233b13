import { createCache, createMemoryCacheStore, createMemoryRateLimitStore } from '@truss/core';
import { createFetchHandler, createKernel, defineRoute, json, rateLimit } from '@truss/http';
import { describe, expect, it } from 'vitest';
import { cacheMetrics, createMetrics, rateLimitMetrics } from './index.js';

describe('cache and rate-limit metrics', () => {
  it('count cache hits and misses by key family', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const cache = createCache({
      store: createMemoryCacheStore(),
      ttlSeconds: 60,
      onEvent: cacheMetrics(metrics.registry),
    });
    const load = async () => ({ name: 'Bolt' });
    await cache.getOrLoad('product:1', '', load);
    await cache.getOrLoad('product:1', '', load);
    await cache.getOrLoad('product:1', '', load);
    await cache.getOrLoad('user:9', '', load);
    const text = await metrics.prometheus.metrics();
    expect(text).toContain('cache_hits_total{cache="product"} 2');
    expect(text).toContain('cache_misses_total{cache="product"} 1');
    expect(text).toContain('cache_misses_total{cache="user"} 1');
  });

  it('count the requests a rate limit refused, by limit', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const kernel = createKernel({
      routes: [defineRoute({ method: 'GET', path: '/api/v1/ping', handler: () => json({ ok: true }) })],
      middleware: [
        rateLimit({
          store: createMemoryRateLimitStore(),
          rules: [{ name: 'api', prefix: '/api/v1/', limit: 2, windowSeconds: 60 }],
          onEvent: rateLimitMetrics(metrics.registry),
        }),
      ],
    });
    const fetch = createFetchHandler(kernel);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(new Request('http://local/api/v1/ping'))).status);
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    expect(await metrics.prometheus.metrics()).toContain('rate_limit_rejections_total{limit="api"} 3');
  });
});
