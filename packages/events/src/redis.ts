/**
 * The Redis Streams transport of `@truss/events` (needs `ioredis`).
 *
 * @example
 * ```ts
 * import { createRedisTransport } from '@truss/events/redis';
 * const transport = createRedisTransport({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
 * ```
 *
 * @module @truss/events/redis
 */

export type { RedisTransportOptions } from './redis/redis-options.js';
export { createRedisTransport } from './redis/redis-transport.js';
