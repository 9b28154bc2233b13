/**
 * The count of one rate-limit window after a hit.
 *
 * @example
 * ```ts
 * const { count, resetMs }: RateLimitCount = await store.hit('api:user:42', 60_000);
 * ```
 */
export interface RateLimitCount {
  /** Requests counted in the current window, this one included. */
  readonly count: number;
  /** Milliseconds until the window ends and the count starts again from zero. */
  readonly resetMs: number;
}

/**
 * Counts requests per key in fixed windows (spec §4.4). A window starts at a key's first request
 * and lasts `windowMs`; every hit counts, over the limit or not. Counting is atomic: concurrent hits
 * on one key from any number of processes each get a distinct count. Implementations:
 * `createMemoryRateLimitStore` (one process) and `createRedisRateLimitStore` of `@truss/cache`
 * (one round trip per hit).
 *
 * @example
 * ```ts
 * const store: RateLimitStore = createMemoryRateLimitStore();
 * const { count } = await store.hit('auth:ip:203.0.113.7', 60_000);
 * if (count > 10) throw new TrussError('rate_limited', 'Too many requests');
 * ```
 */
export interface RateLimitStore {
  /** Counts one request against `key` and answers the window's count. */
  hit(key: string, windowMs: number): Promise<RateLimitCount>;
}
