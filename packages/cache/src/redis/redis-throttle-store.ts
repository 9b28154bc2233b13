import { type Clock, systemClock, type ThrottleStore } from '@truss/core';
import type { RedisLike } from './redis-like.js';
import { type RedisStoreOptions, redisStoreOptions } from './redis-options.js';
import { redisCall, redisScript, runScript } from './redis-script.js';

// Record first, then decide, in one atomic step: refused (nothing recorded) while any key is
// blocked; else every key counts the attempt and starts its block past its free attempts. Each
// key is a hash: f = attempts, b = blocked until (epoch ms). ARGV: now, then per key its rule.
const ATTEMPT = redisScript(`
local now = tonumber(ARGV[1])
local blocked = 0
for i, key in ipairs(KEYS) do
  local b = tonumber(redis.call('HGET', key, 'b') or '0')
  if b > blocked then blocked = b end
end
if blocked > now then return blocked - now end
for i, key in ipairs(KEYS) do
  local o = 1 + (i - 1) * 4
  local free, base, maxd, window = tonumber(ARGV[o + 1]), tonumber(ARGV[o + 2]), tonumber(ARGV[o + 3]), tonumber(ARGV[o + 4])
  local f = redis.call('HINCRBY', key, 'f', 1)
  local delay = 0
  if f > free then delay = math.min(base * 2 ^ (f - free - 1), maxd) end
  local until_ = 0
  if delay > 0 then until_ = now + delay end
  redis.call('HSET', key, 'b', string.format('%.0f', until_))
  redis.call('PEXPIRE', key, string.format('%.0f', window + delay))
end
return 0
`);

const FORGIVE = redisScript(`
local f = tonumber(redis.call('HGET', KEYS[1], 'f') or '0')
if f > 0 then redis.call('HINCRBY', KEYS[1], 'f', -1) end
return 0
`);

/**
 * A {@link ThrottleStore} on Redis: each attempt is one atomic Lua script over the rule's keys
 * (record first, then decide), so a parallel burst spread over any number of instances gets only
 * the attempts that fit before a block. Throws 503 `service_unavailable` when Redis does not
 * answer: a login is refused rather than let through unthrottled.
 *
 * Time comes from `clock` (default: the system clock): keep the instances' clocks in sync (NTP).
 * The keys of one attempt must live on one node (single Redis or Sentinel; not Redis Cluster).
 *
 * @example
 * ```ts
 * const throttle = createLoginThrottle({ store: createRedisThrottleStore(redis) });
 * ```
 */
export function createRedisThrottleStore(
  client: RedisLike,
  options: RedisStoreOptions & { clock?: Clock } = {},
): ThrottleStore {
  const { prefix, clock = systemClock } = redisStoreOptions(options, 'Redis throttle store options');
  const keyOf = (key: string) => `${prefix}th:${key}`;
  return {
    async attempt(rules) {
      const args: number[] = [clock.now().getTime()];
      for (const r of rules) args.push(r.freeAttempts, r.baseDelayMs, r.maxDelayMs, r.windowMs);
      const retryAfterMs = Number(
        await runScript(
          client,
          ATTEMPT,
          rules.map((r) => keyOf(r.key)),
          args,
        ),
      );
      return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
    },
    async forgive(key) {
      await runScript(client, FORGIVE, [keyOf(key)], []);
    },
    async reset(key) {
      await redisCall(client, 'DEL', keyOf(key));
    },
  };
}
