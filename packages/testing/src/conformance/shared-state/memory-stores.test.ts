import {
  type Clock,
  createMemoryCacheStore,
  createMemoryRateLimitStore,
  createMemoryRevocationStore,
  createMemoryThrottleStore,
} from '@truss/core';
import {
  runCacheStoreConformance,
  runRateLimitStoreConformance,
  runRevocationStoreConformance,
  runThrottleStoreConformance,
} from './index.js';
import type { StoreConformanceTarget } from './target.js';

/** One store per scope: in one process, "another instance on the same state" is the same store. */
function memory<S>(create: (clock: Clock) => S): StoreConformanceTarget<S> {
  const stores = new Map<string, S>();
  return {
    name: 'memory (@truss/core)',
    open({ scope, clock }) {
      let store = stores.get(scope);
      if (!store) {
        store = create(clock);
        stores.set(scope, store);
      }
      return { store, close: async () => {} };
    },
  };
}

runCacheStoreConformance(memory((clock) => createMemoryCacheStore({ clock })));
runRateLimitStoreConformance(memory((clock) => createMemoryRateLimitStore({ clock })));
runThrottleStoreConformance(memory((clock) => createMemoryThrottleStore({ clock })));
runRevocationStoreConformance(memory((clock) => createMemoryRevocationStore({ clock })));
