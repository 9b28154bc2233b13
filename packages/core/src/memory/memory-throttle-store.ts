import type { ThrottleRule, ThrottleStore } from '../ports/throttle-store.js';
import { BoundedMap } from './bounded-map.js';
import { type MemoryStoreOptions, memoryOptions } from './memory-options.js';

interface ThrottleState {
  failures: number;
  blockedUntil: number;
}

/**
 * The delay after `failures` attempts under `rule`: none within the free attempts, then
 * `baseDelayMs` doubling up to `maxDelayMs`. The Redis store's script computes the same.
 *
 * @example
 * ```ts
 * throttleDelayMs({ key: 'k', freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000, windowMs: 3_600_000 }, 7); // 2000
 * ```
 */
export function throttleDelayMs(rule: ThrottleRule, failures: number): number {
  const over = failures - rule.freeAttempts;
  return over > 0 ? Math.min(rule.baseDelayMs * 2 ** (over - 1), rule.maxDelayMs) : 0;
}

/**
 * A {@link ThrottleStore} in this process's memory. Each `attempt` runs to completion before the
 * next starts (no `await` inside), so concurrent attempts are counted one by one.
 *
 * @example
 * ```ts
 * const throttle = createLoginThrottle({ store: createMemoryThrottleStore({ maxKeys: 10_000 }) });
 * ```
 */
export function createMemoryThrottleStore(options: MemoryStoreOptions = {}): ThrottleStore {
  const { maxKeys, clock } = memoryOptions(options, 'memory throttle store options');
  const states = new BoundedMap<ThrottleState>(maxKeys);
  return {
    async attempt(rules) {
      const now = clock.now().getTime();
      const current = rules.map((rule) => states.get(rule.key, now));
      const until = Math.max(0, ...current.map((s) => s?.blockedUntil ?? 0));
      if (until > now) return { allowed: false, retryAfterMs: until - now };
      rules.forEach((rule, i) => {
        const failures = (current[i]?.failures ?? 0) + 1;
        const delay = throttleDelayMs(rule, failures);
        states.set(
          rule.key,
          { failures, blockedUntil: delay > 0 ? now + delay : 0 },
          now + rule.windowMs + delay,
        );
      });
      return { allowed: true };
    },
    async forgive(key) {
      const state = states.get(key, clock.now().getTime());
      if (state && state.failures > 0) state.failures -= 1;
    },
    async reset(key) {
      states.delete(key);
    },
  };
}
