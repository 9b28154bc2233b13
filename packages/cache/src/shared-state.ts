import {
  type CacheStore,
  createMemoryCacheStore,
  createMemoryRateLimitStore,
  createMemoryRevocationStore,
  createMemoryThrottleStore,
  type Logger,
  type RateLimitStore,
  type RevocationStore,
  type ThrottleStore,
} from '@truss/core';
import { createRedisCacheStore } from './redis/redis-cache-store.js';
import { createRedisClient, type RedisClient } from './redis/redis-client.js';
import { createRedisRateLimitStore } from './redis/redis-rate-limit-store.js';
import { createRedisRevocationStore } from './redis/redis-revocation-store.js';
import { createRedisThrottleStore } from './redis/redis-throttle-store.js';

/**
 * Every store of the state that instances share: in memory (one process) or on one Redis.
 *
 * @example
 * ```ts
 * const { cache, rateLimits, throttles, revocations, close }: SharedState = await createSharedState({});
 * ```
 */
export interface SharedState {
  /** `redis` when the stores live on Redis, `memory` when in this process. */
  readonly kind: 'memory' | 'redis';
  readonly cache: CacheStore;
  readonly rateLimits: RateLimitStore;
  readonly throttles: ThrottleStore;
  readonly revocations: RevocationStore;
  /** The Redis client, for other Redis-backed parts (events); `undefined` in memory. */
  readonly redis: RedisClient | undefined;
  /** Closes the Redis connections (nothing in memory). */
  close(): Promise<void>;
}

/**
 * Options of {@link createSharedState}.
 *
 * @example
 * ```ts
 * const options: SharedStateOptions = { redisUrl: process.env.REDIS_URL, prefix: 'shop:' };
 * ```
 */
export interface SharedStateOptions {
  /** `redis://…` or `rediss://…`; without it, every store is in memory. */
  redisUrl?: string | undefined;
  /** Prefix of every Redis key. Default `truss:`. */
  prefix?: string | undefined;
  /** Connection problems are logged here. */
  logger?: Logger;
  /** How long to wait at start for the revocation list to load, ms. Default 2000. Start-up goes on either way. */
  startTimeoutMs?: number;
}

/**
 * The shared-state stores in one call: on Redis when `redisUrl` is given (one client, every store
 * on it), in memory otherwise (the embedded default, one process). What each store does when Redis
 * is down is its own decision, documented with it: the throttle and revocation stores fail closed
 * (503), the rate-limit store throws (the rate-limit middleware decides per rule), and the cache
 * reads the database.
 *
 * @example
 * ```ts
 * const shared = await createSharedState({ redisUrl: process.env.REDIS_URL });
 * const revocations = createAccessTokenRevocations({ accessTokenTtlSeconds: 900, store: shared.revocations });
 * process.on('SIGTERM', () => shared.close());
 * ```
 */
export async function createSharedState(options: SharedStateOptions = {}): Promise<SharedState> {
  if (!options.redisUrl) {
    return {
      kind: 'memory',
      cache: createMemoryCacheStore(),
      rateLimits: createMemoryRateLimitStore(),
      throttles: createMemoryThrottleStore(),
      revocations: createMemoryRevocationStore(),
      redis: undefined,
      close: async () => {},
    };
  }
  const redis = createRedisClient(options.redisUrl, options.logger ? { logger: options.logger } : {});
  const prefix = { prefix: options.prefix ?? 'truss:' };
  const revocations = createRedisRevocationStore(redis, prefix);
  if (!(await revocations.whenTrusted(options.startTimeoutMs ?? 2000))) {
    options.logger?.warn({}, 'Redis is not reachable yet: auth answers 503 until it is');
  }
  return {
    kind: 'redis',
    cache: createRedisCacheStore(redis, prefix),
    rateLimits: createRedisRateLimitStore(redis, prefix),
    throttles: createRedisThrottleStore(redis, prefix),
    revocations,
    redis,
    async close() {
      await revocations.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
