/**
 * One key of a throttle and its backoff: after `freeAttempts` attempts, each further one blocks the
 * key for `baseDelayMs`, doubling up to `maxDelayMs`; the count is forgotten `windowMs` after the
 * last attempt.
 *
 * @example
 * ```ts
 * const rule: ThrottleRule = { key: 'login:ada@example.com', freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 900_000, windowMs: 3_600_000 };
 * ```
 */
export interface ThrottleRule {
  readonly key: string;
  readonly freeAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly windowMs: number;
}

/**
 * The answer of {@link ThrottleStore.attempt}.
 *
 * @example
 * ```ts
 * const decision: ThrottleDecision = await store.attempt([rule]);
 * if (!decision.allowed) console.log(`retry in ${decision.retryAfterMs} ms`);
 * ```
 */
export type ThrottleDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Where failed-login and MFA throttles keep their counts. An attempt is **recorded first, then
 * decided**, atomically: of any number of concurrent attempts (from any number of processes), only
 * those that fit before a block pass — a burst cannot slip through before the failures are counted.
 * Implementations: `createMemoryThrottleStore` (one process) and `createRedisThrottleStore` of
 * `@truss/cache`.
 *
 * @example
 * ```ts
 * const decision = await store.attempt([pairRule, accountRule]);
 * if (decision.allowed && passwordOk) await store.reset(pairRule.key);
 * ```
 */
export interface ThrottleStore {
  /**
   * When no key of `rules` is blocked, counts one attempt on each (and starts a block on those past
   * their free attempts) and answers `allowed`; otherwise records nothing and answers how long the
   * longest block lasts.
   */
  attempt(rules: readonly ThrottleRule[]): Promise<ThrottleDecision>;
  /** Takes one counted attempt back from `key` (an attempt that turned out to be legitimate). */
  forgive(key: string): Promise<void>;
  /** Forgets `key`'s attempts and block. */
  reset(key: string): Promise<void>;
}
