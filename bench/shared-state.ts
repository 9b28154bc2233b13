// Shared state on Redis, measured in one run against baselines of the same run:
//
// 1. A cached product read vs the database read it replaces: `products.findById(id)` through
//    `withProductCache` on the Redis cache store (a hit: one HMGET) vs the same repository call on
//    PostgreSQL. Sequential calls (latency per call). Goal: ≥ 3x.
// 2. Rate limit + revocation overhead on an authenticated read: `GET /api/v1/users/me` (a user
//    read from PostgreSQL) through @truss/api on Fastify, with the Redis rate limit (one Lua round
//    trip per request) and the Redis revocation check (its local copy) vs the same server without
//    either. Throughput under load (autocannon). Goal: overhead < 10%.
//
// Needs PostgreSQL and Redis (TRUSS_TEST_POSTGRES_URL, TRUSS_TEST_REDIS_URL as the tests).
// Run: `npx -y pnpm@12.4.2 bench:shared-state`. BENCH_ROUNDS, BENCH_SECONDS shorten or lengthen it.
import type { AddressInfo } from 'node:net';
import { createTrussApi } from '@truss/api';
import {
  createAccessTokenRevocations,
  createAccessTokens,
  createAuthService,
  generateSigningKey,
} from '@truss/auth';
import {
  createRedisCacheStore,
  createRedisClient,
  createRedisRateLimitStore,
  createRedisRevocationStore,
} from '@truss/cache';
import {
  createCache,
  createUserAdminService,
  createUserService,
  type PasswordHasher,
  withProductCache,
} from '@truss/core';
import { registerKernel } from '@truss/fastify';
import { createKernel } from '@truss/http';
import { createAuthorizer, toAccessControl } from '@truss/rbac';
import { createDatabase, createRepositories, migrateToLatest } from '@truss/repos';
import { createTestDatabase, serviceUrl } from '@truss/testing';
import Fastify from 'fastify';
import { fmt, load, median, progress } from './lib.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 500);

/** Calls `fn` sequentially for `ms` and answers calls per second. */
async function opsPerSecond(fn: () => Promise<unknown>, ms: number): Promise<number> {
  let calls = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    await fn();
    calls++;
  }
  return (calls * 1000) / (performance.now() - started);
}

/** Alternates `a` and `b` for the rounds and answers their medians. */
async function compare(rounds: number, a: () => Promise<number>, b: () => Promise<number>) {
  const as: number[] = [];
  const bs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2) {
      bs.push(await b());
      as.push(await a());
    } else {
      as.push(await a());
      bs.push(await b());
    }
  }
  return { a: median(as), b: median(bs), as, bs };
}

const testDb = await createTestDatabase('postgres');
const database = await createDatabase(testDb.url);
const redis = createRedisClient(serviceUrl('redis'), { connectionName: 'truss-bench' });
const prefix = `truss-bench:${process.pid}:`;
const apps: Array<ReturnType<typeof Fastify>> = [];
try {
  await migrateToLatest(database.db);
  const repositories = createRepositories(database);

  // 1. Cached product read vs database read.
  const product = await repositories.products.create({
    id: crypto.randomUUID(),
    name: 'Bench lamp',
    description: 'A product read over and over',
    price: '19.99',
    stock: 100,
  });
  const cache = createCache({ store: createRedisCacheStore(redis, { prefix }), ttlSeconds: 300 });
  const cached = withProductCache(repositories.products, cache);
  await cached.findById(product.id); // fill
  const nearCache = createCache({
    store: createRedisCacheStore(redis, { prefix }),
    ttlSeconds: 300,
    near: {},
  });
  const near = withProductCache(repositories.products, nearCache);
  await near.findById(product.id);
  await new Promise((resolve) => setTimeout(resolve, 200)); // the invalidation feed subscribes
  await near.findById(product.id);
  console.log(`Cached product read vs database read: ${ROUNDS * 2} rounds × ${SLICE_MS} ms, sequential`);
  const reads = await compare(
    ROUNDS * 2,
    () => opsPerSecond(() => repositories.products.findById(product.id), SLICE_MS),
    () => opsPerSecond(() => cached.findById(product.id), SLICE_MS),
  );
  const nearReads = await compare(
    ROUNDS * 2,
    () => opsPerSecond(() => repositories.products.findById(product.id), SLICE_MS),
    () => opsPerSecond(() => near.findById(product.id), SLICE_MS),
  );
  nearCache.close();
  const redisRatio = reads.b / reads.a;
  const nearRatio = nearReads.b / nearReads.a;
  console.log(`  database read (PostgreSQL)    ${fmt(reads.a).padStart(8)} reads/s`);
  console.log(
    `  cached, Redis hit             ${fmt(reads.b).padStart(8)} reads/s   ratio ${fmt(redisRatio, 2)}x`,
  );
  console.log(
    `  cached, near-cache hit        ${fmt(nearReads.b).padStart(8)} reads/s   ratio ${fmt(nearRatio, 2)}x`,
  );
  const best = Math.max(redisRatio, nearRatio);
  console.log(`  goal ≥ 3x: ${best >= 3 ? 'met' : 'NOT met'} (best ${fmt(best, 2)}x)\n`);

  // 2. Rate limit + revocation overhead on an authenticated read.
  const hasher: PasswordHasher = {
    hash: async (p) => `plain:${p}`,
    verify: async (h, p) => ({ valid: h === `plain:${p}`, needsRehash: false }),
  };
  const userService = createUserService({ users: repositories.users, hasher });
  const user = await userService.register({
    email: 'bench@example.com',
    password: 'correct horse battery staple',
  });
  const keys = [await generateSigningKey('EdDSA')];
  const authorizer = createAuthorizer();
  const revocationStore = createRedisRevocationStore(redis, { prefix });
  await revocationStore.whenTrusted();

  async function serve(shared: boolean): Promise<string> {
    const revocations = createAccessTokenRevocations({ accessTokenTtlSeconds: 3600, store: revocationStore });
    const accessTokens = await createAccessTokens({
      keys,
      issuer: 'bench',
      audience: 'bench',
      ttlSeconds: 3600,
      ...(shared ? { isRevoked: revocations.isRevoked } : {}),
    });
    const auth = createAuthService({
      users: repositories.users,
      refreshTokens: repositories.refreshTokens,
      hasher,
      accessTokens,
    });
    const api = createTrussApi({
      authorizer,
      auth: { auth, users: userService, accessTokens },
      users: {
        users: userService,
        admin: createUserAdminService({
          userAdmin: repositories.userAdmin,
          unitOfWork: repositories.unitOfWork,
          access: toAccessControl(authorizer),
        }),
      },
      ...(shared
        ? { rateLimit: { store: createRedisRateLimitStore(redis, { prefix }), api: 1e8, auth: 1e8 } }
        : {}),
    });
    const app = Fastify();
    registerKernel(app, createKernel({ ...api }));
    apps.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/users/me`;
  }

  const token = (
    await (
      await createAccessTokens({ keys, issuer: 'bench', audience: 'bench', ttlSeconds: 3600 })
    ).issue({ userId: user.id, role: 'user' })
  ).token;
  const headers = { authorization: `Bearer ${token}` };
  const plainUrl = await serve(false);
  const sharedUrl = await serve(true);
  for (const url of [plainUrl, sharedUrl]) {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  }
  console.log(
    `Authenticated read (GET /api/v1/users/me on PostgreSQL): ${ROUNDS} rounds × ${SECONDS} s, 10 connections`,
  );
  const runs = await compare(
    ROUNDS,
    async () => {
      progress('without rate limit and revocation check');
      const r = await load({ url: plainUrl, headers, seconds: SECONDS });
      if (r.errors || r.non2xx) throw new Error(`baseline: ${r.errors} errors, ${r.non2xx} non-2xx`);
      return r.requestsPerSecond;
    },
    async () => {
      progress('with the Redis rate limit and the Redis revocation check');
      const r = await load({ url: sharedUrl, headers, seconds: SECONDS });
      if (r.errors || r.non2xx) throw new Error(`shared: ${r.errors} errors, ${r.non2xx} non-2xx`);
      return r.requestsPerSecond;
    },
  );
  const overhead = (1 - runs.b / runs.a) * 100;
  console.log(
    `  without  ${fmt(runs.a).padStart(7)} req/s   (rounds: ${runs.as.map((v) => fmt(v)).join(', ')})`,
  );
  console.log(
    `  with     ${fmt(runs.b).padStart(7)} req/s   (rounds: ${runs.bs.map((v) => fmt(v)).join(', ')})`,
  );
  console.log(
    `  ratio with/without ${fmt(runs.b / runs.a, 3)}: overhead ${fmt(overhead, 1)}%   (goal < 10%: ${overhead < 10 ? 'met' : 'NOT met'})`,
  );
  await revocationStore.close();
} finally {
  await Promise.all(apps.map((app) => app.close()));
  await redis.quit();
  await database.destroy();
  await testDb.drop();
}
