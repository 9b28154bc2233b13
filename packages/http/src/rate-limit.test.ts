import { createMemoryRateLimitStore, type RateLimitStore } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { createKernel } from './kernel.js';
import { type RateLimitEvent, rateLimit } from './rate-limit.js';
import { defineRoute } from './route.js';

const route = (path: string, auth: 'none' | 'optional' = 'none') =>
  defineRoute({ method: 'GET', path, auth, handler: () => ({ body: { ok: true } }) });

function kernelWith(store: RateLimitStore, events: RateLimitEvent[] = [], onStoreError?: 'open' | 'closed') {
  return createKernel({
    routes: [route('/api/v1/auth/login'), route('/api/v1/things', 'optional'), route('/healthz')],
    authenticate: async (token) => ({ userId: token, role: 'user' }),
    afterAuthentication: [
      rateLimit({
        store,
        onEvent: (event) => events.push(event),
        rules: [
          { name: 'auth', prefix: '/api/v1/auth/', limit: 2, windowSeconds: 60 },
          {
            name: 'api',
            prefix: '/api/v1/',
            limit: 3,
            windowSeconds: 60,
            ...(onStoreError ? { onStoreError } : {}),
          },
        ],
      }),
    ],
  });
}

const get = (path: string, from: { ip?: string; token?: string } = {}) => ({
  method: 'GET',
  path,
  headers: from.token ? { authorization: `Bearer ${from.token}` } : {},
  query: {},
  body: undefined,
  ip: from.ip ?? '203.0.113.1',
});

describe('rateLimit', () => {
  it('counts against the most specific rule, per address, with the draft RateLimit headers and a 429', async () => {
    const events: RateLimitEvent[] = [];
    const kernel = kernelWith(createMemoryRateLimitStore(), events);
    const first = await kernel.handle(get('/api/v1/auth/login'));
    expect(first.status).toBe(200);
    expect(first.headers).toMatchObject({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '1',
      'ratelimit-policy': '2;w=60',
    });
    expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(58);
    expect((await kernel.handle(get('/api/v1/auth/login'))).status).toBe(200);
    const refused = await kernel.handle(get('/api/v1/auth/login'));
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'rate_limited' });
    expect(refused.headers).toMatchObject({ 'ratelimit-remaining': '0', 'ratelimit-limit': '2' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(58);
    // Another address, and the wider /api/v1/ rule, are counted apart; uncovered routes are not limited.
    expect((await kernel.handle(get('/api/v1/auth/login', { ip: '203.0.113.2' }))).status).toBe(200);
    expect((await kernel.handle(get('/api/v1/things'))).headers['ratelimit-limit']).toBe('3');
    for (let i = 0; i < 5; i++) expect((await kernel.handle(get('/healthz'))).status).toBe(200);
    expect(events.filter((e) => e.type === 'limited')).toEqual([{ type: 'limited', rule: 'auth' }]);
  });

  it('counts an authenticated caller by user, whatever its address', async () => {
    const kernel = kernelWith(createMemoryRateLimitStore());
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await kernel.handle(get('/api/v1/things', { token: 'u1', ip: `198.51.100.${i}` }))).status,
      );
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await kernel.handle(get('/api/v1/things', { token: 'u2', ip: '198.51.100.0' }))).status).toBe(
      200,
    );
  });

  it('fails closed (503) by default when the store is down, open where the rule says so', async () => {
    const broken: RateLimitStore = { hit: async () => Promise.reject(new Error('connection refused')) };
    const events: RateLimitEvent[] = [];
    const kernel = kernelWith(broken, events, 'open');
    const auth = await kernel.handle(get('/api/v1/auth/login'));
    expect(auth.status).toBe(503);
    expect(auth.body).toMatchObject({ error: 'service_unavailable' });
    expect((await kernel.handle(get('/api/v1/things'))).status).toBe(200);
    expect(events.map((e) => e.type)).toEqual(['error', 'error']);
  });
});
