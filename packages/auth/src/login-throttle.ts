import { type Clock, parseInput, systemClock, TrussError } from '@truss/core';
import { z } from 'zod';

/** Failure state of one throttle key. */
export interface ThrottleState {
  /** Consecutive failed logins. */
  failures: number;
  /** Epoch ms until which logins are refused; 0 when not blocked. */
  blockedUntil: number;
}

/**
 * Where the throttle keeps its state: a small key-value store with expiry. The in-memory store
 * serves one process; a shared store (Redis) is needed when several processes serve logins.
 */
export interface ThrottleStore {
  get(key: string): Promise<ThrottleState | null>;
  /** Stores `state` for `ttlMs` milliseconds. */
  set(key: string, state: ThrottleState, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * An in-process {@link ThrottleStore}: a map with expiry, bounded to `maxKeys` entries (the oldest
 * go first).
 */
export function createMemoryThrottleStore(options: { maxKeys?: number; clock?: Clock } = {}): ThrottleStore {
  const maxKeys = options.maxKeys ?? 100_000;
  const clock = options.clock ?? systemClock;
  const entries = new Map<string, { state: ThrottleState; expiresAt: number }>();
  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return null;
      if (entry.expiresAt <= clock.now().getTime()) {
        entries.delete(key);
        return null;
      }
      return entry.state;
    },
    async set(key, state, ttlMs) {
      entries.delete(key);
      if (entries.size >= maxKeys) entries.delete(entries.keys().next().value as string);
      entries.set(key, { state, expiresAt: clock.now().getTime() + ttlMs });
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}

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
  store?: ThrottleStore;
  clock?: Clock;
};

/** Per-account throttling of failed logins. */
export interface LoginThrottle {
  /** Throws `rate_limited` (with `Retry-After`) when this account may not try again yet from `ip`. */
  check(email: string, ip: string | undefined): Promise<void>;
  /** Counts a failed login. */
  recordFailure(email: string, ip: string | undefined): Promise<void>;
  /** Forgets the failures of this account from `ip` after a successful login. */
  recordSuccess(email: string, ip: string | undefined): Promise<void>;
}

/**
 * Throttles failed logins with exponential backoff, on two keys:
 *
 * - **account + address** (strict): after `freeAttempts` failures, each further failure doubles the
 *   wait, up to `maxDelaySeconds`. An attacker's address slows to a crawl; the account owner at
 *   another address is not affected.
 * - **account** (loose): after `accountFreeAttempts` failures from all addresses, waits up to
 *   `accountMaxDelaySeconds` — a brake on distributed guessing that is too short to lock anyone out.
 *
 * Attempts refused while blocked are not counted, so a block never grows beyond its cap, and a
 * successful login clears the failures of its address.
 */
export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const { store = createMemoryThrottleStore(), clock = systemClock, ...rest } = options;
  const config = parseInput(loginThrottleOptionsSchema, rest, 'login throttle options');
  const keys = (email: string, ip: string | undefined) => ({
    pair: `login:${email}|${ip ?? 'unknown'}`,
    account: `login:${email}`,
  });

  async function bump(key: string, free: number, maxDelaySeconds: number): Promise<void> {
    const now = clock.now().getTime();
    const failures = ((await store.get(key))?.failures ?? 0) + 1;
    const over = failures - free;
    const delayMs =
      over > 0 ? Math.min(config.baseDelaySeconds * 2 ** (over - 1), maxDelaySeconds) * 1000 : 0;
    await store.set(
      key,
      { failures, blockedUntil: delayMs > 0 ? now + delayMs : 0 },
      config.windowSeconds * 1000 + delayMs,
    );
  }

  return {
    async check(email, ip) {
      const { pair, account } = keys(email, ip);
      const now = clock.now().getTime();
      const states = await Promise.all([store.get(pair), store.get(account)]);
      const until = Math.max(0, ...states.map((s) => s?.blockedUntil ?? 0));
      if (until > now) {
        const seconds = Math.ceil((until - now) / 1000);
        throw new TrussError('rate_limited', `Too many failed logins; try again in ${seconds} s`, {
          headers: { 'retry-after': String(seconds) },
        });
      }
    },
    async recordFailure(email, ip) {
      const { pair, account } = keys(email, ip);
      await bump(pair, config.freeAttempts, config.maxDelaySeconds);
      await bump(account, config.accountFreeAttempts, config.accountMaxDelaySeconds);
    },
    async recordSuccess(email, ip) {
      await store.delete(keys(email, ip).pair);
    },
  };
}
