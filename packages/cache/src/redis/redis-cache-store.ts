import type { CacheStore } from '@truss/core';
import type { RedisLike } from './redis-like.js';
import { type RedisStoreOptions, redisStoreOptions } from './redis-options.js';
import { redisCall, redisScript, runScript } from './redis-script.js';
import { trustedSubscription } from './redis-subscription.js';

// A key is a hash: one field per variant ("<expires at ms>|<value>") and '#gen', its generation.
const SET = redisScript(`
local gen = tonumber(redis.call('HGET', KEYS[1], '#gen') or '0')
if gen ~= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return 1
`);

const INVALIDATE = redisScript(`
local gen = tonumber(redis.call('HGET', KEYS[1], '#gen') or '0') + 1
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], '#gen', gen)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return gen
`);

/** How long a key's generation is kept after its last write: longer than any load takes. */
const GENERATION_TTL_MS = 600_000;

/**
 * A {@link CacheStore} on Redis, shared by every instance: an invalidation deletes the entry in
 * the one place all instances read, so it reaches all of them before the change's response
 * returns. A read is one `HMGET`, a store and an invalidation one Lua script each (which also
 * publishes the key, for the near caches of `watch`). Throws 503
 * `service_unavailable` when Redis does not answer (the cache of `@truss/core` then reads the database).
 *
 * @example
 * ```ts
 * const cache = createCache({ store: createRedisCacheStore(redis), ttlSeconds: 300 });
 * ```
 */
export function createRedisCacheStore(client: RedisLike, options: RedisStoreOptions = {}): CacheStore {
  const { prefix } = redisStoreOptions(options, 'Redis cache store options');
  const keyOf = (key: string) => `${prefix}cache:${key}`;
  const channel = `${prefix}cache:invalidated`;
  return {
    shared: true,
    async get(key, variant) {
      const [field, gen] = (await redisCall(client, 'HMGET', keyOf(key), variant, '#gen')) as [
        string | null,
        string | null,
      ];
      if (field !== null) {
        const bar = field.indexOf('|');
        if (Number(field.slice(0, bar)) > Date.now()) return { hit: true, value: field.slice(bar + 1) };
      }
      return { hit: false, generation: Number(gen ?? 0) };
    },
    async set(key, variant, value, ttlMs, generation) {
      const stamped = `${Date.now() + ttlMs}|${value}`;
      const keep = Math.max(ttlMs, GENERATION_TTL_MS);
      return (await runScript(client, SET, [keyOf(key)], [variant, stamped, generation, keep])) === 1;
    },
    async invalidate(keys) {
      // One script per key (pipelined): keys may live on different nodes.
      await Promise.all(
        keys.map((key) => runScript(client, INVALIDATE, [keyOf(key)], [GENERATION_TTL_MS, channel, key])),
      );
    },
    watch(listener) {
      // After a (re)subscription anything may have changed meanwhile: "everything".
      const subscription = trustedSubscription(
        client,
        channel,
        { message: (key) => listener([key]), sync: async () => listener(null) },
        { heartbeatMs: 500, maxStalenessMs: 1500 },
      );
      return {
        get trusted() {
          return subscription.trusted;
        },
        close: () => subscription.close(),
      };
    },
  };
}
