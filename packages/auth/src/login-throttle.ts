import { createHash } from 'node:crypto';
import {
  createMemoryThrottleStore,
  parseInput,
  type ThrottleRule,
  type ThrottleStore,
  TrussError,
} from '@truss/core';
import { z } from 'zod';

/** Options of {@link createLoginThrottle}. */
export const loginThrottleOptionsSchema = z.strictObject({
  /** Failures from one address on one account before backoff starts. Default 5. */
  freeAttempts: z.number().int().min(1).max(1000).default(5),
  /** First delay, seconds; it doubles with each further failure. Default 1. */
  baseDelaySeconds: z.number().min(0.1).max(3600).default(1),
  /** Longest delay for one address on one account, seconds. Default 900 (15 minutes). */
  maxDelaySeconds: z.number().min(1).max(86_400).default(900),
  /** Failures on one account from all addresses before account-wide backoff starts. Default 100. */
  accountFreeAttempts: z.number().int().min(1).max(100_000).default(100),
  /** Longest account-wide delay, seconds: short, so nobody can lock an account out. Default 60. */
  accountMaxDelaySeconds: z.number().min(1).max(3600).default(60),
  /** How long failures are remembered after the last one, seconds. Default 3600. */
  windowSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(3600),
});

/** Options of {@link createLoginThrottle}; see {@link loginThrottleOptionsSchema}. */
export type LoginThrottleOptions = z.input<typeof loginThrottleOptionsSchema> & {
  /**
   * Where attempts are counted. Default: `createMemoryThrottleStore()` (this process only); with
   * several instances, one shared store (`createRedisThrottleStore` of `@truss/cache`).
   */
  store?: ThrottleStore;
};

/**
 * Per-account throttling of failed logins (and of wrong MFA codes).
 *
 * @example
 * ```ts
 * await throttle.attempt(email, ip); // throws rate_limited while blocked
 * if (passwordOk) await throttle.recordSuccess(email, ip);
 * ```
 */
export interface LoginThrottle {
  /**
   * Counts an attempt of this account from `ip` **before** the password is checked, atomically, so
   * a burst of parallel attempts cannot pass before its failures are counted. Throws `rate_limited`
   * (with `Retry-After`) while blocked — a refused attempt is not counted — and
   * `service_unavailable` when a shared store cannot be reached (fail closed).
   */
  attempt(email: string, ip: string | undefined): Promise<void>;
  /** After a successful attempt: forgets the failures from `ip`, and takes this attempt back from the account's count. */
  recordSuccess(email: string, ip: string | undefined): Promise<void>;
}

/**
 * Throttles failed logins with exponential backoff, on two keys:
 *
 * - **account + address** (strict): after `freeAttempts` failures, each further failure doubles the
 *   wait, up to `maxDelaySeconds`. An attacker's address slows to a crawl; the account owner at
 *   another address is not affected.
 * - **account** (loose): after `accountFreeAttempts` failures from all addresses, waits up to
 *   `accountMaxDelaySeconds` — a brake on distributed guessing. It holds back only addresses that
 *   have been failing on this account: an address whose last attempt on it did not fail (the
 *   owner's) still has its password checked, so an attacker cannot lock the owner out (ASVS 2.2.1).
 *   Each attacking address gets at most one such attempt per window.
 *
 * Every attempt is counted first, then decided (see {@link LoginThrottle.attempt}); a successful
 * login clears the failures of its address.
 *
 * @example
 * ```ts
 * const throttle = createLoginThrottle({ freeAttempts: 5, store: createRedisThrottleStore(redis) });
 * ```
 */
export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const { store = createMemoryThrottleStore(), ...rest } = options;
  const config = parseInput(loginThrottleOptionsSchema, rest, 'login throttle options');
  const windowMs = config.windowSeconds * 1000;
  // The store (Redis, shared) sees a digest of the account, never the email itself.
  const account = (email: string) => createHash('sha256').update(email).digest('base64url');
  const pairRule = (email: string, ip: string | undefined): ThrottleRule => ({
    key: `login:${account(email)}|${ip ?? 'unknown'}`,
    freeAttempts: config.freeAttempts,
    baseDelayMs: config.baseDelaySeconds * 1000,
    maxDelayMs: config.maxDelaySeconds * 1000,
    windowMs,
  });
  const accountRule = (email: string): ThrottleRule => ({
    key: `login:${account(email)}`,
    freeAttempts: config.accountFreeAttempts,
    baseDelayMs: config.baseDelaySeconds * 1000,
    maxDelayMs: config.accountMaxDelaySeconds * 1000,
    windowMs,
  });
  // Test-and-set: allowed when this address's last attempt on the account did not fail (the key
  // is absent), and from then on blocked for the window until a success resets it.
  const failingRule = (email: string, ip: string | undefined): ThrottleRule => ({
    key: `login-failing:${account(email)}|${ip ?? 'unknown'}`,
    freeAttempts: 0,
    baseDelayMs: windowMs,
    maxDelayMs: windowMs,
    windowMs,
  });
  const limited = (retryAfterMs: number) => {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return new TrussError('rate_limited', `Too many failed logins; try again in ${seconds} s`, {
      headers: { 'retry-after': String(seconds) },
    });
  };

  return {
    async attempt(email, ip) {
      const pair = await store.attempt([pairRule(email, ip)]);
      if (!pair.allowed) throw limited(pair.retryAfterMs);
      const clean = (await store.attempt([failingRule(email, ip)])).allowed;
      const total = await store.attempt([accountRule(email)]);
      if (!total.allowed && !clean) throw limited(total.retryAfterMs);
    },
    async recordSuccess(email, ip) {
      await store.reset(pairRule(email, ip).key);
      await store.reset(failingRule(email, ip).key);
      await store.forgive(accountRule(email).key);
    },
  };
}
