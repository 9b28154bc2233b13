import { describeWithServices, startRedisServer, type TestRedisServer } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, startTestServer, type TestServer } from './helpers.js';

async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Redis down, decided per use: auth decisions fail closed (503), the cache reads the database.
// The Redis server is this test's own; `redis` is probed because CI's run starts the same binary.
describeWithServices(['redis'], 'reference server when its Redis goes down and comes back', () => {
  let redis: TestRedisServer;
  let t: TestServer;
  beforeAll(async () => {
    redis = await startRedisServer();
    t = await startTestServer('sqlite', 'fastify', { REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await t?.stop();
    await redis?.remove();
  });

  it('answers 503 for logins and authenticated requests, serves the catalogue from the database, and recovers', async () => {
    const admin = await t.call('POST', '/api/v1/auth/login', { body: ADMIN });
    const token = admin.body.access_token;
    const product = await t.call('POST', '/api/v1/products', {
      token,
      body: { name: 'Kettle', price: '20.00' },
    });
    expect((await t.call('GET', `/api/v1/products/${product.body.id}`)).status).toBe(200);
    const ready = await t.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ database: 'ok', redis: 'ok' });

    await redis.stop();
    await eventually(async () => (await t.call('GET', '/api/v1/users/me', { token })).status === 503);
    const login = await t.call('POST', '/api/v1/auth/login', { body: ADMIN });
    expect(login.status).toBe(503);
    expect(login.body).toEqual({ error: 'service_unavailable', message: expect.any(String) });
    const read = await t.call('GET', `/api/v1/products/${product.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('Kettle');
    expect((await t.call('GET', '/api/v1/products')).status).toBe(200);
    // Readiness names what is down; liveness stays up (the process is fine).
    const notReady = await t.call('GET', '/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks).toMatchObject({ database: 'ok' });
    expect(notReady.body.checks.redis).not.toBe('ok');
    expect((await t.call('GET', '/healthz')).status).toBe(200);

    await redis.start();
    await eventually(async () => (await t.call('GET', '/api/v1/users/me', { token })).status === 200);
    expect((await t.call('POST', '/api/v1/auth/login', { body: ADMIN })).status).toBe(200);
  });
});
