import type { RateLimitStore } from '../ports/rate-limit-store.js';
import { BoundedMap } from './bounded-map.js';
import { type MemoryStoreOptions, memoryOptions } from './memory-options.js';

/**
 * A {@link RateLimitStore} in this process's memory: right for one process; several instances need
 * a shared store (`createRedisRateLimitStore` of `@truss/cache`).
 *
 * @example
 * ```ts
 * const store = createMemoryRateLimitStore();
 * const { count, resetMs } = await store.hit('api:ip:127.0.0.1', 60_000);
 * ```
 */
export function createMemoryRateLimitStore(options: MemoryStoreOptions = {}): RateLimitStore {
  const { maxKeys, clock } = memoryOptions(options, 'memory rate-limit store options');
  const windows = new BoundedMap<{ count: number }>(maxKeys);
  return {
    async hit(key, windowMs) {
      const now = clock.now().getTime();
      const window = windows.get(key, now);
      if (window) {
        window.count += 1;
        return { count: window.count, resetMs: windows.ttl(key, now) };
      }
      windows.set(key, { count: 1 }, now + windowMs);
      return { count: 1, resetMs: windowMs };
    },
  };
}
