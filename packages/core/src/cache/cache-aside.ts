import { z } from 'zod';
import type { CacheStore } from '../ports/cache-store.js';
import type { FieldCipher } from '../ports/field-cipher.js';
import { type Logger, silentLogger } from '../ports/logger.js';
import { parseInput } from '../validation.js';
import { decodeCached, encodeCached } from './cache-codec.js';

/**
 * What the cache reports, for metrics: a `hit`, a `miss` (answered by one load), or a store
 * `error` (the read went to the database). `name` is the key's kind — the part before the first
 * `:` (`product`, `products`, `user`) — so counters stay few.
 *
 * @example
 * ```ts
 * const onEvent = (event: CacheEvent) => counters.inc({ cache: event.name, result: event.type });
 * ```
 */
export interface CacheEvent {
  /** `near` is a hit in the process's own near cache (no round trip). */
  readonly type: 'hit' | 'near' | 'miss' | 'error';
  readonly name: string;
  readonly key: string;
}

/**
 * Options of {@link createCache}.
 *
 * @example
 * ```ts
 * const options: CacheOptions = { store: createMemoryCacheStore(), ttlSeconds: 300 };
 * ```
 */
export interface CacheOptions {
  /** Where entries live: `createMemoryCacheStore()`, or `createRedisCacheStore` of `@truss/cache`. */
  store: CacheStore;
  /** How long an entry lives, seconds (spec §8.2: 5 minutes). Default 300. */
  ttlSeconds?: number;
  /** Called on every hit, miss and store error (metrics). */
  onEvent?: (event: CacheEvent) => void;
  /** Store errors are logged here at `warn`. Default: silent. */
  logger?: Logger;
  /**
   * A near cache: up to `maxEntries` values also kept in this process, dropped when the store's
   * invalidation feed (`CacheStore.watch`, Redis) says they changed, and used only while that feed
   * is known complete (Redis: a heartbeat answered within 1.5 s). A hit costs no round trip; the
   * price is the feed's delivery delay — another instance may answer a value for the moment (well
   * under a millisecond on one network) between a change's invalidation and its message. Default:
   * off; ignored on stores without `watch`.
   */
  near?: { maxEntries?: number };
  /**
   * Seals every value before it reaches the store, bound to its key and variant, and opens it on
   * the way back: a shared store (Redis) then holds no personal data in clear (spec §7.3). Give the
   * repositories' `FieldCipher` (`createFieldCipher` of `@truss/repos`). A value that does not open
   * (its key left the ring, or it was tampered with) is reported as an `error` and read from the
   * database. Default: values stored as they are.
   */
  cipher?: Pick<FieldCipher, 'seal' | 'open'>;
}

/**
 * Cache-aside over a {@link CacheStore}: read through, invalidate on change.
 *
 * @example
 * ```ts
 * const product = await cache.getOrLoad(`product:${id}`, '', () => products.findById(id));
 * await cache.invalidate([`product:${id}`]);
 * ```
 */
export interface Cache {
  /**
   * The cached value of `variant` under `key`, or `load()`'s answer, stored for the TTL (`null` is
   * answered, never stored). Concurrent misses on one entry share one `load` (per process). When the
   * store fails, answers `load()` (the database) and reports an `error`.
   */
  getOrLoad<T>(key: string, variant: string, load: () => Promise<T | null>): Promise<T | null>;
  /**
   * Drops `keys` (every variant) for every process that shares the store. Never throws: keys the
   * store could not drop are retried on the next cache call, and read past the cache until then.
   */
  invalidate(keys: readonly string[]): Promise<void>;
  /** The entries' lifetime, seconds. */
  readonly ttlSeconds: number;
  /** Stops the near cache's invalidation feed (nothing to do without one). */
  close(): void;
}

const optionsSchema = z.strictObject({
  store: z.custom<CacheStore>((s) => typeof s === 'object' && s !== null && 'get' in s && 'invalidate' in s),
  ttlSeconds: z.number().int().min(1).max(86_400).default(300),
  onEvent: z.custom<(event: CacheEvent) => void>((f) => typeof f === 'function').optional(),
  logger: z.custom<Logger>((l) => typeof l === 'object' && l !== null && 'warn' in l).optional(),
  near: z.strictObject({ maxEntries: z.number().int().min(1).max(10_000_000).default(10_000) }).optional(),
  cipher: z
    .custom<Pick<FieldCipher, 'seal' | 'open'>>(
      (c) =>
        typeof c === 'object' &&
        c !== null &&
        typeof (c as FieldCipher).seal === 'function' &&
        typeof (c as FieldCipher).open === 'function',
      'must have seal and open',
    )
    .optional(),
});

/** How often keys whose invalidation failed are retried, at most. */
const RETRY_MS = 1000;

/**
 * Builds a {@link Cache}. A burst of misses on one entry makes one load: callers that miss at the
 * same generation share it; a caller that misses after an invalidation starts its own, so nobody
 * is answered a value loaded before a change that was already invalidated.
 *
 * @example
 * ```ts
 * const cache = createCache({ store: createMemoryCacheStore(), ttlSeconds: 300 });
 * const products = withProductCache(repositories.products, cache);
 * ```
 */
export function createCache(options: CacheOptions): Cache {
  const config = parseInput(optionsSchema, options, 'cache options');
  const { store } = config;
  const logger = config.logger ?? silentLogger;
  const ttlMs = config.ttlSeconds * 1000;
  const flights = new Map<string, Promise<unknown>>();
  const pending = new Set<string>();
  let lastRetry = 0;
  const near = config.near && store.watch ? createNear(store, config.near.maxEntries) : undefined;
  const { cipher } = config;
  const context = (key: string, variant: string) => `cache:${key}\u0000${variant}`;
  const encode = (key: string, variant: string, value: unknown) => {
    const text = encodeCached(value);
    return cipher ? cipher.seal(text, context(key, variant)) : text;
  };
  /** The text of what the store holds under `key`/`variant`; throws when a sealed value does not open. */
  const open = (key: string, variant: string, stored: string) =>
    cipher ? cipher.open(stored, context(key, variant)) : stored;

  const report = (type: CacheEvent['type'], key: string) => {
    if (!config.onEvent) return;
    const colon = key.indexOf(':');
    config.onEvent({ type, key, name: colon < 0 ? key : key.slice(0, colon) });
  };

  async function retryPending(): Promise<void> {
    if (pending.size === 0 || Date.now() - lastRetry < RETRY_MS) return;
    lastRetry = Date.now();
    const keys = [...pending];
    try {
      await store.invalidate(keys);
      for (const key of keys) pending.delete(key);
    } catch {
      // still down: keep them
    }
  }

  async function loadAndStore<T>(
    key: string,
    variant: string,
    generation: number,
    load: () => Promise<T | null>,
  ) {
    const value = await load();
    if (value !== null) {
      try {
        await store.set(key, variant, encode(key, variant, value), ttlMs, generation);
      } catch (error) {
        logger.warn({ err: error, key }, 'cache store failed; value not cached');
      }
    }
    return value;
  }

  return {
    ttlSeconds: config.ttlSeconds,
    async getOrLoad<T>(key: string, variant: string, load: () => Promise<T | null>) {
      await retryPending();
      if (pending.has(key)) return load();
      const nearHit = near?.get(key, variant);
      if (nearHit !== undefined) {
        report('near', key);
        return decodeCached(nearHit) as T;
      }
      const stamp = near?.stamp(key);
      let found: Awaited<ReturnType<CacheStore['get']>>;
      try {
        found = await store.get(key, variant);
      } catch (error) {
        report('error', key);
        logger.warn({ err: error, key }, 'cache store unreachable; reading the database');
        return load();
      }
      if (found.hit) {
        // The near cache keeps the opened text: a near hit costs no decryption.
        let text: string;
        try {
          text = open(key, variant, found.value);
        } catch (error) {
          report('error', key);
          logger.warn({ err: error, key }, 'cached value does not open; reading the database');
          return load();
        }
        report('hit', key);
        if (near && stamp !== undefined) near.put(key, variant, text, stamp, ttlMs);
        return decodeCached(text) as T;
      }
      report('miss', key);
      const flightKey = `${found.generation}\u0000${key}\u0000${variant}`;
      let flight = flights.get(flightKey) as Promise<T | null> | undefined;
      if (!flight) {
        flight = loadAndStore(key, variant, found.generation, load).finally(() => flights.delete(flightKey));
        flights.set(flightKey, flight);
      }
      return flight;
    },
    close: () => near?.close(),
    async invalidate(keys) {
      if (keys.length === 0) return;
      near?.drop(keys);
      try {
        await store.invalidate(keys);
      } catch (error) {
        for (const key of keys) pending.add(key);
        logger.warn(
          { err: error, keys },
          'cache invalidation failed; will retry, reading past the cache meanwhile',
        );
      }
    },
  };
}

/**
 * The near cache: values kept in this process, keyed like the store, dropped by the store's
 * invalidation feed. A value read from the store is kept only if no invalidation of its key (and
 * no resync) arrived while it was being read (`stamp`), and read only while the feed is trusted.
 */
function createNear(store: CacheStore, maxEntries: number) {
  const entries = new Map<string, { key: string; value: string; expiresAt: number }>();
  const counts = new Map<string, number>();
  let epoch = 0;
  const drop = (keys: readonly string[] | null): void => {
    if (keys === null || counts.size > 100_000) {
      epoch += 1;
      entries.clear();
      counts.clear();
      return;
    }
    for (const key of keys) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      for (const [id, entry] of entries) if (entry.key === key) entries.delete(id);
    }
  };
  const watch = (store.watch as NonNullable<CacheStore['watch']>)(drop);
  const idOf = (key: string, variant: string) => `${key}\u0000${variant}`;
  return {
    get(key: string, variant: string): string | undefined {
      if (!watch.trusted) return undefined;
      const entry = entries.get(idOf(key, variant));
      if (!entry) return undefined;
      if (entry.expiresAt > Date.now()) return entry.value;
      entries.delete(idOf(key, variant));
      return undefined;
    },
    stamp: (key: string) => `${epoch}:${counts.get(key) ?? 0}`,
    put(key: string, variant: string, value: string, stamp: string, ttlMs: number) {
      if (!watch.trusted || stamp !== `${epoch}:${counts.get(key) ?? 0}`) return;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(idOf(key, variant), { key, value, expiresAt: Date.now() + ttlMs });
    },
    drop,
    close: () => watch.close(),
  };
}
