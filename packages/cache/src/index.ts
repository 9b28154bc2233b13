/**
 * Truss shared state across instances: the cache, and on Redis every shared-state store — rate
 * limits (one atomic Lua script per request), login and MFA throttles (record first, then decide),
 * access-token revocations (pub/sub fan-out to a local copy that is never trusted past a missed
 * revocation) and the cache (invalidations every instance sees at once). Each implements a port of
 * `@truss/core`, whose memory implementations serve a single process. The only package that
 * imports ioredis: everything Redis-backed takes {@link createRedisClient}'s client, or any
 * {@link RedisLike}.
 *
 * @example
 * ```ts
 * import { createSharedState } from '@truss/cache';
 *
 * const shared = await createSharedState({ redisUrl: process.env.REDIS_URL });
 * ```
 *
 * @module @truss/cache
 */

export { createRedisCacheStore } from './redis/redis-cache-store.js';
export type { RedisClient, RedisClientOptions } from './redis/redis-client.js';
export { createRedisClient } from './redis/redis-client.js';
export type { RedisLike } from './redis/redis-like.js';
export type { RedisStoreOptions } from './redis/redis-options.js';
export { createRedisRateLimitStore } from './redis/redis-rate-limit-store.js';
export type { RedisRevocationStore, RedisRevocationStoreOptions } from './redis/redis-revocation-store.js';
export { createRedisRevocationStore } from './redis/redis-revocation-store.js';
export { createRedisThrottleStore } from './redis/redis-throttle-store.js';
export type { SharedState, SharedStateOptions } from './shared-state.js';
export { createSharedState } from './shared-state.js';
