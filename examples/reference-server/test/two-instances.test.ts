import { createRedisClient } from '@truss/cache';
import { describeWithServices, serviceUrl } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, startTestServer, type TestServer } from './helpers.js';

const PASSWORD = 'correct horse battery staple';

/** Polls until `check` holds, for at most `ms`; answers how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

// Spec §5.3: several API servers behind a load balancer on one PostgreSQL and one Redis.
describeWithServices(
  ['postgres', 'redis'],
  'two reference-server instances on one PostgreSQL and one Redis',
  () => {
    let a: TestServer;
    let b: TestServer;
    const redisPrefix = `truss-test:two-instances-${process.pid}-${Date.now()}:`;
    // Each scenario is a client of its own (TRUST_PROXY: the address is X-Forwarded-For).
    const from = (address: string) => ({ 'x-forwarded-for': address });
    beforeAll(async () => {
      const env = {
        REDIS_URL: serviceUrl('redis'),
        RATE_LIMIT_AUTH: '10',
        TRUST_PROXY: 'true',
      };
      a = await startTestServer('postgres', 'fastify', env, { redisPrefix });
      b = await startTestServer('postgres', 'express', env, { redisPrefix }, a);
    });
    afterAll(async () => {
      await b?.stop();
      await a?.stop();
    });

    async function userToken(
      server: TestServer,
      email: string,
      address: string,
    ): Promise<{ token: string; id: string }> {
      const registered = await server.call('POST', '/api/v1/auth/register', {
        body: { email, password: PASSWORD },
        headers: from(address),
      });
      expect(registered.status).toBe(201);
      const login = await server.call('POST', '/api/v1/auth/login', {
        body: { email, password: PASSWORD },
        headers: from(address),
      });
      expect(login.status).toBe(200);
      return { token: login.body.access_token, id: registered.body.id };
    }

    it('logout-all on A refuses the old token on B within a second', async () => {
      const { token } = await userToken(a, 'everywhere@example.com', '198.51.100.1');
      expect((await b.call('GET', '/api/v1/users/me', { token })).status).toBe(200);
      expect((await a.call('POST', '/api/v1/auth/logout-all', { token })).status).toBe(204);
      await within(1000, async () => (await b.call('GET', '/api/v1/users/me', { token })).status === 401);
    });

    it('a role change on A refuses the old token on B within a second', async () => {
      const { token, id } = await userToken(b, 'promoted@example.com', '198.51.100.2');
      const admin = await a.call('POST', '/api/v1/auth/login', {
        body: ADMIN,
        headers: from('198.51.100.3'),
      });
      expect((await b.call('GET', '/api/v1/users/me', { token })).status).toBe(200);
      const changed = await a.call('PUT', `/api/v1/users/${id}`, {
        token: admin.body.access_token,
        body: { role: 'manager' },
      });
      expect(changed.status).toBe(200);
      await within(1000, async () => (await b.call('GET', '/api/v1/users/me', { token })).status === 401);
    });

    it('10 logins spread over A and B exhaust the shared limit: the 11th is 429 on either', async () => {
      const address = from('203.0.113.77');
      const login = (server: TestServer) =>
        server.call('POST', '/api/v1/auth/login', { body: ADMIN, headers: address });
      for (let i = 0; i < 10; i++) expect((await login(i % 2 ? a : b)).status).toBe(200);
      for (const server of [a, b]) {
        const refused = await login(server);
        expect(refused.status).toBe(429);
        expect(refused.body).toMatchObject({ error: 'rate_limited' });
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      }
    });

    it('keeps no personal data in clear in Redis: the cached user is sealed like its row', async () => {
      const email = 'sealed.in.cache@example.com';
      const registered = await a.call('POST', '/api/v1/auth/register', {
        body: { email, password: PASSWORD, first_name: 'Grace', last_name: 'Hopper' },
        headers: from('198.51.100.6'),
      });
      expect(registered.status).toBe(201);
      const login = await b.call('POST', '/api/v1/auth/login', {
        body: { email, password: PASSWORD },
        headers: from('198.51.100.6'),
      });
      // Read twice through each instance: the second reads are cache hits, and answer in clear.
      for (const server of [a, b, a, b]) {
        const me = await server.call('GET', '/api/v1/users/me', { token: login.body.access_token });
        expect(me.body).toMatchObject({ email, first_name: 'Grace', last_name: 'Hopper' });
      }
      const redis = createRedisClient(serviceUrl('redis'), { offlineQueue: true });
      try {
        const keys = await redis.keys(`${redisPrefix}cache:user*`);
        const values: string[] = [];
        for (const key of keys)
          if ((await redis.type(key)) === 'hash') values.push(...Object.values(await redis.hgetall(key)));
        expect(values.some((value) => value.length > 100)).toBe(true); // a user is cached…
        for (const value of values) expect(value).not.toMatch(/sealed\.in\.cache|Grace|Hopper/); // …sealed
      } finally {
        await redis.quit();
      }
    });

    it('a product changed through A is never served stale by B (one product and the list pages)', async () => {
      const admin = await a.call('POST', '/api/v1/auth/login', {
        body: ADMIN,
        headers: from('198.51.100.4'),
      });
      const token = admin.body.access_token;
      const created = await a.call('POST', '/api/v1/products', {
        token,
        body: { name: 'Lamp', price: '10.00', stock: 5 },
      });
      expect(created.status).toBe(201);
      const path = `/api/v1/products/${created.body.id}`;
      // Readers on B keep the cache warm (and race the invalidations) the whole time.
      let reading = true;
      const readers = Array.from({ length: 4 }, async () => {
        while (reading) await Promise.all([b.call('GET', path), b.call('GET', '/api/v1/products?limit=100')]);
      });
      try {
        for (let i = 1; i <= 8; i++) {
          const price = `${10 + i}.00`;
          const updated = await a.call('PUT', path, { token, body: { price } });
          expect(updated.status).toBe(200);
          // The change's response has returned: B must answer it now, not eventually.
          const one = await b.call('GET', path);
          expect(one.body.price).toBe(price);
          expect(one.headers.get('etag')).toBe(updated.headers.get('etag'));
          const list = await b.call('GET', '/api/v1/products?limit=100');
          expect(list.body.items.find((p: { id: string }) => p.id === created.body.id).price).toBe(price);
        }
        // An order through A takes stock: B's cached product follows.
        const buyer = await userToken(a, 'buyer@example.com', '198.51.100.5');
        const order = await a.call('POST', '/api/v1/orders', {
          token: buyer.token,
          body: { items: [{ product_id: created.body.id, quantity: 2 }] },
        });
        expect(order.status).toBe(201);
        expect((await b.call('GET', path)).body.stock).toBe(3);
      } finally {
        reading = false;
        await Promise.all(readers);
      }
    });
  },
);
