import { parseInput } from '@truss/core';
import { z } from 'zod';

/**
 * Options every Redis store takes.
 *
 * @example
 * ```ts
 * createRedisRateLimitStore(redis, { prefix: 'shop:' });
 * ```
 */
export interface RedisStoreOptions {
  /** Prefix of every key (and channel) the store uses; one per application on a shared Redis. Default `truss:`. */
  prefix?: string;
}

const schema = z.strictObject({ prefix: z.string().max(100).default('truss:') });

/** Validated options with defaults. */
export function redisStoreOptions<T extends RedisStoreOptions>(options: T, what: string) {
  const { prefix, ...rest } = options;
  return { ...rest, ...parseInput(schema, { prefix }, what) };
}
