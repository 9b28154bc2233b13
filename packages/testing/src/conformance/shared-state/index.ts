export { runCacheStoreConformance } from './cache-store.js';
export { runRateLimitStoreConformance } from './rate-limit-store.js';
export { runRevocationStoreConformance } from './revocation-store.js';
export type { OpenedStore, StoreConformanceTarget } from './target.js';
export { runThrottleStoreConformance } from './throttle-store.js';
