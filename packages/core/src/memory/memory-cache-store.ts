import type { CacheStore } from '../ports/cache-store.js';
import { BoundedMap } from './bounded-map.js';
import { type MemoryStoreOptions, memoryOptions } from './memory-options.js';

interface KeyState {
  generation: number;
  variants: Map<string, { value: string; expiresAt: number }>;
}

/** How long a key's generation outlives its values, so a slow load cannot store under an old one. */
const GENERATION_TTL_MS = 3_600_000;

/**
 * A {@link CacheStore} in this process's memory: right for one process (the embedded default).
 * Generations never repeat: a key that is dropped (expired or evicted) leaves its generation as a
 * floor that every absent key reports, so no load started before a drop can store after it.
 *
 * @example
 * ```ts
 * const cache = createCache({ store: createMemoryCacheStore({ maxKeys: 50_000 }), ttlSeconds: 300 });
 * ```
 */
export function createMemoryCacheStore(options: MemoryStoreOptions = {}): CacheStore {
  const { maxKeys, clock } = memoryOptions(options, 'memory cache store options');
  let counter = 0;
  let floor = 0;
  const keys = new BoundedMap<KeyState>(maxKeys, (state) => {
    floor = Math.max(floor, state.generation);
  });
  return {
    shared: false,
    async get(key, variant) {
      const now = clock.now().getTime();
      const state = keys.get(key, now);
      if (!state) return { hit: false, generation: floor };
      const entry = state.variants.get(variant);
      if (entry && entry.expiresAt > now) return { hit: true, value: entry.value };
      if (entry) state.variants.delete(variant);
      return { hit: false, generation: state.generation };
    },
    async set(key, variant, value, ttlMs, generation) {
      const now = clock.now().getTime();
      let state = keys.get(key, now);
      if ((state?.generation ?? floor) !== generation) return false;
      if (!state) {
        state = { generation, variants: new Map() };
        keys.set(key, state, now + Math.max(ttlMs, GENERATION_TTL_MS));
      }
      state.variants.set(variant, { value, expiresAt: now + ttlMs });
      return true;
    },
    async invalidate(list) {
      const now = clock.now().getTime();
      for (const key of list) {
        counter = Math.max(counter, floor) + 1;
        keys.set(key, { generation: counter, variants: new Map() }, now + GENERATION_TTL_MS);
      }
    },
  };
}
