import { createFetchHandler, createKernel } from '@truss/http';
import { describe, expect, it } from 'vitest';
import { healthRoutes, type ReadinessCheck } from './health-routes.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function serve(
  checks: Record<string, ReadinessCheck>,
  options: { timeoutMs?: number; draining?: () => boolean } = {},
) {
  const logged: object[] = [];
  const logger = { ...quiet, warn: (obj: object) => logged.push(obj) };
  const fetch = createFetchHandler(createKernel({ routes: healthRoutes({ checks, ...options }), logger }));
  const get = async (path: string) => {
    const res = await fetch(new Request(`http://local${path}`));
    return { status: res.status, body: await res.json(), cache: res.headers.get('cache-control') };
  };
  return { get, logged };
}

const never: ReadinessCheck = () => new Promise(() => {});

describe('healthRoutes', () => {
  it('/healthz is liveness only: 200 while the process answers, whatever the dependencies', async () => {
    let ran = 0;
    const { get } = serve({
      database: async () => {
        ran++;
        throw new Error('down');
      },
    });
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' }, cache: 'no-store' });
    expect(ran).toBe(0);
  });

  it('/readyz answers 200 when every check passes', async () => {
    const { get } = serve({ database: async () => {}, redis: async () => 'PONG' });
    expect(await get('/readyz')).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: 'ok', redis: 'ok' } },
      cache: 'no-store',
    });
  });

  it('/readyz answers 503 naming what is down, and logs why (not to the client)', async () => {
    const { get, logged } = serve({
      database: async () => {},
      redis: async () => {
        throw new Error('ECONNREFUSED 10.0.0.7:6379');
      },
    });
    const res = await get('/readyz');
    expect(res).toMatchObject({
      status: 503,
      body: { status: 'error', checks: { database: 'ok', redis: 'unavailable' } },
    });
    expect(JSON.stringify(res.body)).not.toContain('ECONNREFUSED');
    expect(logged).toEqual([
      expect.objectContaining({ check: 'redis', state: 'unavailable', requestId: expect.any(String) }),
    ]);
  });

  it('bounds each check in time: a hanging one is a timeout, and is not started again while it hangs', async () => {
    let started = 0;
    let aborted = 0;
    const hanging: ReadinessCheck = (signal) => {
      started++;
      signal.addEventListener('abort', () => aborted++);
      return never(signal);
    };
    const { get } = serve({ database: async () => {}, broker: hanging }, { timeoutMs: 50 });
    const before = performance.now();
    const first = await get('/readyz');
    expect(performance.now() - before).toBeLessThan(1000);
    expect(first).toMatchObject({ status: 503, body: { checks: { database: 'ok', broker: 'timeout' } } });
    await get('/readyz');
    expect(started).toBe(1);
    expect(aborted).toBe(1);
  });

  it('/readyz answers 503 shutting_down once the server drains', async () => {
    let draining = false;
    const { get } = serve({ database: async () => {} }, { draining: () => draining });
    expect((await get('/readyz')).status).toBe(200);
    draining = true;
    expect(await get('/readyz')).toMatchObject({ status: 503, body: { status: 'shutting_down' } });
    expect((await get('/healthz')).status).toBe(200);
  });
});
