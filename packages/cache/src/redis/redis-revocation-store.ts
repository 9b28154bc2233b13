import { type Clock, type RevocationStore, systemClock } from '@truss/core';
import type { RedisLike } from './redis-like.js';
import { type RedisStoreOptions, redisStoreOptions } from './redis-options.js';
import { redisScript, runScript } from './redis-script.js';
import { trustedSubscription } from './redis-subscription.js';

// KEYS: the hash field → revocation second, the sorted set field → expiry (ms).
const REVOKE = redisScript(`
local old = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local at = math.max(old, tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], ARGV[1], string.format('%.0f', at))
redis.call('ZADD', KEYS[2], 'GT', ARGV[3], ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[4], 'LIMIT', 0, 500)
if #expired > 0 then
  redis.call('HDEL', KEYS[1], unpack(expired))
  redis.call('ZREM', KEYS[2], unpack(expired))
end
local exp = redis.call('ZSCORE', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[5], ARGV[1] .. ' ' .. string.format('%.0f', at) .. ' ' .. exp)
return at
`);

const LOOKUP = redisScript(`
local out = {}
for i = 2, #ARGV do
  local exp = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[i]) or '0')
  if exp > tonumber(ARGV[1]) then out[i - 1] = redis.call('HGET', KEYS[1], ARGV[i]) or '0' else out[i - 1] = '0' end
end
return out
`);

const LOAD = redisScript(`
local live = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf', 'WITHSCORES')
local out = {}
for i = 1, #live, 2 do
  out[#out + 1] = live[i]
  out[#out + 1] = redis.call('HGET', KEYS[1], live[i]) or '0'
  out[#out + 1] = live[i + 1]
end
return out
`);

/**
 * Options of {@link createRedisRevocationStore}.
 *
 * @example
 * ```ts
 * const options: RedisRevocationStoreOptions = { prefix: 'shop:', heartbeatMs: 500 };
 * ```
 */
export interface RedisRevocationStoreOptions extends RedisStoreOptions {
  /** How often the subscription is checked with a `PING`, ms. Default 500. */
  heartbeatMs?: number;
  /**
   * The local copy is used only while it is known complete as of at most this many ms ago (the
   * last answered heartbeat, or the last full load); otherwise each lookup asks Redis. Default 1500.
   */
  maxStalenessMs?: number;
  /** Source of time (expiry of entries). Default: the system clock. */
  clock?: Clock;
}

/**
 * The Redis {@link RevocationStore}, with a handle to stop its subscription.
 *
 * @example
 * ```ts
 * const store: RedisRevocationStore = createRedisRevocationStore(redis);
 * await store.close();
 * ```
 */
export interface RedisRevocationStore extends RevocationStore {
  /** Whether lookups are answered from the local copy right now (else each asks Redis). */
  readonly trusted: boolean;
  /** Resolves once the local copy is loaded and subscribed (or after `timeoutMs`, answering `false`). */
  whenTrusted(timeoutMs?: number): Promise<boolean>;
  /** Stops the heartbeat and closes the subscriber connection (not `client`). */
  close(): Promise<void>;
}

const field = (kind: string, id: string) => `${kind}:${id}`;

/**
 * A {@link RevocationStore} on Redis that every instance is told of at once. A revocation is one
 * Lua script (a hash of revocation seconds, a sorted set of expiries, and a `PUBLISH`). Each
 * instance keeps a local copy, loaded in full when it subscribes and updated by each published
 * revocation, so a lookup costs a map read — but the copy is **never trusted past a revocation it
 * may have missed**: it is used only while the subscription is up and a heartbeat `PING` on it was
 * answered within `maxStalenessMs` (a pong proves every earlier message arrived). Otherwise a
 * lookup asks Redis, and when Redis does not answer it throws 503 `service_unavailable`: the token
 * is refused, not waved through.
 *
 * @example
 * ```ts
 * const store = createRedisRevocationStore(createRedisClient(process.env.REDIS_URL!));
 * const revocations = createAccessTokenRevocations({ accessTokenTtlSeconds: 900, store });
 * ```
 */
export function createRedisRevocationStore(
  client: RedisLike,
  options: RedisRevocationStoreOptions = {},
): RedisRevocationStore {
  const config = redisStoreOptions(options, 'Redis revocation store options');
  const { prefix } = config;
  const heartbeatMs = config.heartbeatMs ?? 500;
  const maxStalenessMs = config.maxStalenessMs ?? 1500;
  const clock = config.clock ?? systemClock;
  const keys = [`${prefix}rev:at`, `${prefix}rev:exp`];
  const channel = `${prefix}rev`;
  const local = new Map<string, { at: number; expiresAt: number }>();

  function merge(name: string, at: number, expiresAt: number): void {
    const known = local.get(name);
    if (!known || known.at < at || known.expiresAt < expiresAt)
      local.set(name, {
        at: Math.max(at, known?.at ?? 0),
        expiresAt: Math.max(expiresAt, known?.expiresAt ?? 0),
      });
  }

  const subscription = trustedSubscription(
    client,
    channel,
    {
      message(text) {
        const [name, at, expiresAt] = text.split(' ');
        if (name) merge(name, Number(at), Number(expiresAt));
      },
      async sync() {
        const now = clock.now().getTime();
        const rows = (await runScript(client, LOAD, keys, [now])) as string[];
        for (const [name, entry] of local) if (entry.expiresAt <= now) local.delete(name);
        for (let i = 0; i < rows.length; i += 3)
          merge(String(rows[i]), Number(rows[i + 1]), Number(rows[i + 2]));
      },
    },
    { heartbeatMs, maxStalenessMs },
  );
  const isTrusted = () => subscription.trusted;

  function fromLocal(name: string, now: number): number | undefined {
    const entry = local.get(name);
    return entry && entry.expiresAt > now ? entry.at : undefined;
  }

  return {
    shared: true,
    get trusted() {
      return isTrusted();
    },
    async revoke(kind, id, atSeconds, ttlSeconds) {
      const name = field(kind, id);
      const now = clock.now().getTime();
      const at = Number(
        await runScript(client, REVOKE, keys, [name, atSeconds, now + ttlSeconds * 1000, now, channel]),
      );
      merge(name, at, now + ttlSeconds * 1000);
      return at;
    },
    async revokedAt(userId, sessionId) {
      const now = clock.now().getTime();
      const user = field('user', userId);
      const session = sessionId === undefined ? undefined : field('session', sessionId);
      if (isTrusted())
        return {
          user: fromLocal(user, now),
          session: session === undefined ? undefined : fromLocal(session, now),
        };
      const names = session ? [user, session] : [user];
      const found = ((await runScript(client, LOOKUP, keys, [now, ...names])) as string[]).map(Number);
      return { user: found[0] || undefined, session: session ? found[1] || undefined : undefined };
    },
    whenTrusted: (timeoutMs) => subscription.whenTrusted(timeoutMs),
    async close() {
      subscription.close();
    },
  };
}
