import type { RateLimitStore } from '@truss/core';
import type { RedisLike } from './redis-like.js';
import { type RedisStoreOptions, redisStoreOptions } from './redis-options.js';
import { redisScript, runScript } from './redis-script.js';

// One round trip: count, and start the window on the first hit.
const HIT = redisScript(`
local n = redis.call('INCR', KEYS[1])
local t = redis.call('PTTL', KEYS[1])
if t < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  t = tonumber(ARGV[1])
end
return {n, t}
`);

/**
 * A {@link RateLimitStore} on Redis: one atomic Lua script per hit (`INCR`, and `PEXPIRE` on a
 * window's first hit), so every instance counts against the same windows. Throws 503
 * `service_unavailable` when Redis does not answer.
 *
 * @example
 * ```ts
 * const store = createRedisRateLimitStore(createRedisClient(process.env.REDIS_URL!));
 * const { count, resetMs } = await store.hit('auth:ip:203.0.113.7', 60_000);
 * ```
 */
export function createRedisRateLimitStore(
  client: RedisLike,
  options: RedisStoreOptions = {},
): RateLimitStore {
  const { prefix } = redisStoreOptions(options, 'Redis rate-limit store options');
  return {
    async hit(key, windowMs) {
      const [count, resetMs] = (await runScript(client, HIT, [`${prefix}rl:${key}`], [windowMs])) as [
        number,
        number,
      ];
      return { count, resetMs };
    },
  };
}
