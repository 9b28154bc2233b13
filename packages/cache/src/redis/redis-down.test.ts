import { createCache, isTrussError } from '@truss/core';
import { describeWithServices, errorCodeOf, startRedisServer, type TestRedisServer } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSharedState, type SharedState } from '../shared-state.js';
import type { RedisRevocationStore } from './redis-revocation-store.js';

async function eventually(check: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// A Redis server of this test's own, stopped and started again; `redis` must only be probed up
// because CI's run starts redis-server (the binary these tests need) with the Redis service.
describeWithServices(['redis'], 'shared state when Redis goes down (own redis-server)', () => {
  let server: TestRedisServer;
  let shared: SharedState;
  let other: SharedState;
  beforeAll(async () => {
    server = await startRedisServer();
    shared = await createSharedState({ redisUrl: server.url, prefix: 'down:' });
    other = await createSharedState({ redisUrl: server.url, prefix: 'down:' });
  });
  afterAll(async () => {
    await shared?.close();
    await other?.close();
    await server?.remove();
  });

  it('fails closed for auth decisions, falls back to the database for the cache, and recovers', async () => {
    const revocations = shared.revocations as RedisRevocationStore;
    expect(revocations.trusted).toBe(true);
    const cache = createCache({ store: shared.cache, ttlSeconds: 60 });
    let loads = 0;
    const load = async () => ({ n: ++loads });
    await cache.getOrLoad('product:1', '', load);
    expect(await cache.getOrLoad('product:1', '', load)).toEqual({ n: 1 });

    await server.stop();
    await eventually(() => !revocations.trusted);
    // Auth decisions: 503, never "not revoked" or "not throttled".
    expect(await errorCodeOf(revocations.revokedAt('u1', 's1'))).toBe('service_unavailable');
    expect(await errorCodeOf(shared.revocations.revoke('user', 'u1', 1, 60))).toBe('service_unavailable');
    const rule = { key: 'k', freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 9000, windowMs: 60_000 };
    expect(await errorCodeOf(shared.throttles.attempt([rule]))).toBe('service_unavailable');
    expect(await errorCodeOf(shared.rateLimits.hit('k', 60_000))).toBe('service_unavailable');
    // The cache reads the database; an invalidation it cannot make is kept, not thrown.
    expect(await cache.getOrLoad('product:1', '', load)).toEqual({ n: 2 });
    await cache.invalidate(['product:1']);

    await server.start();
    await eventually(() => revocations.trusted, 10_000);
    await other.revocations.revoke('user', 'u1', 123, 60);
    await eventually(async () => (await revocations.revokedAt('u1', undefined)).user === 123);
    await eventually(async () => !isTrussError(await shared.throttles.attempt([rule]).catch((e) => e)));
  });

  it('never trusts its copy past a revocation it missed: a lost subscription goes to Redis', async () => {
    const a = shared.revocations as RedisRevocationStore;
    await eventually(() => a.trusted, 10_000);
    // Drop every subscriber connection, then revoke from the other instance at once.
    await shared.redis?.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await other.revocations.revoke('session', 's-missed', 456, 60);
    expect((await a.revokedAt('u9', 's-missed')).session).toBe(456);
    await eventually(() => a.trusted, 10_000);
    expect((await a.revokedAt('u9', 's-missed')).session).toBe(456);
  });
});
