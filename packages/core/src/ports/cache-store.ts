/**
 * What a {@link CacheStore} answers for one entry: its value, or a miss with the key's current
 * generation (pass it back to {@link CacheStore.set}).
 *
 * @example
 * ```ts
 * const found: CacheLookup = await store.get('product:42', '');
 * if (!found.hit) await store.set('product:42', '', json, 300_000, found.generation);
 * ```
 */
export type CacheLookup =
  | { readonly hit: true; readonly value: string }
  | { readonly hit: false; readonly generation: number };

/**
 * A store's feed of invalidations (see {@link CacheStore.watch}).
 *
 * @example
 * ```ts
 * const watch: CacheWatch = store.watch!((keys) => console.log(keys ?? 'everything'));
 * if (!watch.trusted) console.log('invalidations may have been missed');
 * ```
 */
export interface CacheWatch {
  /** Whether every invalidation made until a moment ago has been delivered (else some may be missing). */
  readonly trusted: boolean;
  /** Stops the feed. */
  close(): void;
}

/**
 * Where cached values live (spec §8.2). A **key** (`product:42`, `products:list`) holds one or more
 * **variants** (`''` for a single object; one per query for list pages); invalidating a key drops
 * all of its variants at once.
 *
 * Every invalidation moves the key to a new generation, and {@link CacheStore.set} stores only
 * under the generation its caller read at the miss: a value loaded from the database before a
 * change can never be stored after that change's invalidation (the classic cache-aside race).
 * Implementations: `createMemoryCacheStore` (one process) and `createRedisCacheStore` of
 * `@truss/cache` (every instance sees one cache, so an invalidation reaches all of them at once).
 *
 * @example
 * ```ts
 * const store: CacheStore = createMemoryCacheStore();
 * await store.invalidate(['product:42', 'products:list']);
 * ```
 */
export interface CacheStore {
  /** Whether other processes see the same entries (`true` for Redis, `false` in memory). */
  readonly shared: boolean;
  /** The value of `variant` under `key`, or a miss with the key's generation. */
  get(key: string, variant: string): Promise<CacheLookup>;
  /**
   * Stores `value` for `ttlMs` unless `key` was invalidated since `generation` was read; answers
   * whether it was stored.
   */
  set(key: string, variant: string, value: string, ttlMs: number, generation: number): Promise<boolean>;
  /** Drops every variant of each key and moves it to a new generation. */
  invalidate(keys: readonly string[]): Promise<void>;
  /**
   * Optional capability of shared stores: tells `listener` of every invalidation made by any
   * process (`null`: anything may have changed, e.g. after a reconnection). `createCache` uses it
   * for its near cache. Absent on in-process stores.
   */
  watch?(listener: (keys: readonly string[] | null) => void): CacheWatch;
}
