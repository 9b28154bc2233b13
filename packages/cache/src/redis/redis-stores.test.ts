import {
  runCacheStoreConformance,
  runRateLimitStoreConformance,
  runRevocationStoreConformance,
  runThrottleStoreConformance,
  type StoreConformanceTarget,
  serviceUrl,
} from '@truss/testing';
import { createRedisCacheStore } from './redis-cache-store.js';
import { createRedisClient } from './redis-client.js';
import type { RedisLike } from './redis-like.js';
import { createRedisRateLimitStore } from './redis-rate-limit-store.js';
import { createRedisRevocationStore } from './redis-revocation-store.js';
import { createRedisThrottleStore } from './redis-throttle-store.js';

/** A key prefix per test run, so runs (and engineers) sharing one Redis never meet. */
const RUN = `truss-test:${process.pid}-${Date.now()}:`;

/** Each handle is a client of its own (as each instance of an application has). */
function redis<S>(
  create: (
    client: RedisLike,
    prefix: string,
    clock: Parameters<StoreConformanceTarget<S>['open']>[0]['clock'],
  ) => S & {
    close?(): Promise<void>;
  },
): StoreConformanceTarget<S> {
  return {
    name: 'Redis (@truss/cache)',
    services: ['redis'],
    open({ scope, clock }) {
      const client = createRedisClient(serviceUrl('redis'), { offlineQueue: true });
      const store = create(client, `${RUN}${scope}:`, clock);
      return {
        store,
        async close() {
          await store.close?.();
          await client.quit();
        },
      };
    },
  };
}

runCacheStoreConformance(redis((client, prefix) => createRedisCacheStore(client, { prefix })));
runRateLimitStoreConformance(redis((client, prefix) => createRedisRateLimitStore(client, { prefix })));
runThrottleStoreConformance(
  redis((client, prefix, clock) => createRedisThrottleStore(client, { prefix, clock })),
);
runRevocationStoreConformance(
  redis((client, prefix, clock) => createRedisRevocationStore(client, { prefix, clock })),
);
