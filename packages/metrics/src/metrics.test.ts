import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrussError } from '@truss/core';
import { createFetchHandler, createKernel, defineRoute, json } from '@truss/http';
import { describeWithTool } from '@truss/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMetrics, type MetricsOptions } from './index.js';

function served(options?: MetricsOptions) {
  const metrics = createMetrics(options);
  const routes = [
    defineRoute({
      method: 'GET',
      path: '/items/:id',
      params: z.object({ id: z.string().regex(/^\d+$/) }),
      handler: ({ params }) => {
        if (params.id === '0') throw new TrussError('not_found', 'No item 0');
        return json({ id: params.id });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/crash',
      handler: () => {
        throw new Error('unexpected');
      },
    }),
    ...metrics.routes,
  ];
  const kernel = createKernel({ routes, middleware: [metrics.middleware], logger: quiet });
  const fetch = createFetchHandler(kernel);
  const call = (path: string, init?: RequestInit) => fetch(new Request(`http://local${path}`, init));
  const scrape = async (headers?: Record<string, string>) => (await call('/metrics', { headers })).text();
  return { metrics, call, scrape };
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const random = () => Math.random().toString(36).slice(2);

/** The sample lines of one metric family (not its # HELP / # TYPE lines). */
const samples = (text: string, name: string) =>
  text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));

describe('HTTP metrics', () => {
  it('count requests by method, route template and status, errors by code, and time them', async () => {
    const { call, scrape } = served();
    await call('/items/1');
    await call('/items/2');
    await call('/items/0');
    await call('/items/abc'); // 422 from the params schema
    await call('/crash', { method: 'POST' });
    const text = await scrape();
    expect(text).toContain('http_requests_total{method="GET",route="/items/:id",status="200"} 2');
    expect(text).toContain('http_requests_total{method="GET",route="/items/:id",status="404"} 1');
    expect(text).toContain('http_requests_total{method="GET",route="/items/:id",status="422"} 1');
    expect(text).toContain('http_requests_total{method="POST",route="/crash",status="500"} 1');
    expect(text).toContain('http_request_errors_total{method="GET",route="/items/:id",code="not_found"} 1');
    expect(text).toContain(
      'http_request_errors_total{method="GET",route="/items/:id",code="validation_error"} 1',
    );
    expect(text).toContain('http_request_errors_total{method="POST",route="/crash",code="internal_error"} 1');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/items\/:id",status="200"\} 2/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0.1",method="GET",route="\/items\/:id",status="200"\} 2/,
    );
  });

  it('keeps the number of series bounded whatever paths clients send', async () => {
    const { call, scrape } = served();
    const sent: string[] = [];
    await call('/items/0');
    for (let i = 0; i < 300; i++) {
      const token = random();
      sent.push(token);
      const path = [
        `/items/${token}`,
        `/items/${i}`,
        `/${token}`,
        `/items/${token}/${token}`,
        `/metrics/${token}`,
      ][i % 5];
      await call(path as string, { method: i % 7 === 0 ? 'DELETE' : 'GET' });
    }
    const text = await scrape();
    for (const token of sent) expect(text).not.toContain(token);
    // GET /items/:id answered 200, 404 (id 0) or 422 (not digits); DELETE is 405 from the router,
    // unknown paths 404 from the router: neither reaches a route, so neither makes a series.
    const routes = new Set(samples(text, 'http_requests_total').map((line) => line.split(' ')[0]));
    expect([...routes].sort()).toEqual([
      'http_requests_total{method="GET",route="/items/:id",status="200"}',
      'http_requests_total{method="GET",route="/items/:id",status="404"}',
      'http_requests_total{method="GET",route="/items/:id",status="422"}',
    ]);
  });

  it('serves the process metrics: CPU, memory, event-loop lag', async () => {
    const text = await served().scrape();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(samples(text, name).length, name).toBeGreaterThan(0);
    }
    expect(text).not.toContain('nodejs_active_handles_total');
  });

  it('asks for the metrics token when one is set', async () => {
    const { call, scrape } = served({ token: 'a-long-metrics-token' });
    expect((await call('/metrics')).status).toBe(401);
    expect(
      (await call('/metrics', { headers: { authorization: 'Bearer a-long-metrics-tokeN' } })).status,
    ).toBe(401);
    expect(await scrape({ authorization: 'Bearer a-long-metrics-token' })).toContain('http_requests_total');
    expect(() => createMetrics({ token: 'short' })).toThrow(
      expect.objectContaining({
        code: 'validation_error',
        details: [expect.objectContaining({ path: 'token' })],
      }),
    );
  });
});

describe('the registry other packages record into', () => {
  it('serves their counters, gauges and histograms beside the HTTP ones', async () => {
    const { metrics, scrape } = served({ processMetrics: false });
    const hits = metrics.registry.counter({
      name: 'cache_hits_total',
      help: 'Cache hits',
      labelNames: ['cache'],
    });
    hits.inc({ cache: 'product' });
    hits.inc({ cache: 'product' }, 2);
    let lag = 0;
    metrics.registry.gauge({
      name: 'outbox_lag_seconds',
      help: 'Age of the oldest unpublished outbox message',
      collect: async (gauge) => {
        lag += 1.5;
        gauge.set({}, lag);
      },
    });
    metrics.registry
      .histogram({ name: 'event_handle_seconds', help: 'Event handling time', buckets: [0.1, 1] })
      .observe({}, 0.3);
    const text = await scrape();
    expect(text).toContain('cache_hits_total{cache="product"} 3');
    expect(text).toContain('outbox_lag_seconds 1.5');
    expect(text).toContain('event_handle_seconds_bucket{le="1"} 1');
    expect(await scrape()).toContain('outbox_lag_seconds 3');
  });

  it('answers the same metric for the same declaration and refuses a conflicting one', () => {
    const { registry } = createMetrics({ processMetrics: false });
    const a = registry.counter({ name: 'x_total', help: 'x', labelNames: ['a', 'b'] });
    expect(registry.counter({ name: 'x_total', help: 'x', labelNames: ['b', 'a'] })).toBe(a);
    expect(() => registry.gauge({ name: 'x_total', help: 'x' })).toThrow(/already declared as a counter/);
    expect(() => registry.counter({ name: 'x_total', help: 'x', labelNames: ['a'] })).toThrow(/labels/);
  });
});

describeWithTool('promtool', 'apt-get install -y prometheus', 'the /metrics output', (promtool) => {
  it('passes promtool check metrics after traffic of every kind', async () => {
    const { metrics, call, scrape } = served();
    metrics.registry
      .counter({ name: 'rate_limit_rejections_total', help: 'Rejected', labelNames: ['limit'] })
      .inc({
        limit: 'auth',
      });
    for (const path of ['/items/1', '/items/0', '/items/x', '/nowhere']) await call(path);
    await call('/crash', { method: 'POST' });
    const file = join(mkdtempSync(join(tmpdir(), 'truss-metrics-')), 'metrics.prom');
    writeFileSync(file, await scrape());
    // promtool reads the exposition on stdin; any lint problem exits non-zero with the reason.
    const run = () =>
      execFileSync('sh', ['-c', `"${promtool}" check metrics < "${file}"`], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
    expect(run).not.toThrow();
  });
});
