import { type Logger, parseInput, silentLogger } from '@truss/core';
import { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * Options of {@link createRedisClient}.
 *
 * @example
 * ```ts
 * const options: RedisClientOptions = { connectionName: 'truss-api', commandTimeoutMs: 500 };
 * ```
 */
export interface RedisClientOptions {
  /** Shown by `CLIENT LIST`. Default `truss`. */
  connectionName?: string;
  /** A command without an answer within this many ms fails. Default 1000; 0 for none (blocking reads). */
  commandTimeoutMs?: number;
  /** Connecting gives up after this many ms (and retries, backing off). Default 2000. */
  connectTimeoutMs?: number;
  /**
   * Whether commands wait while disconnected. Default `false`: they fail at once, so an auth
   * decision answers 503 and a cache read goes to the database instead of hanging.
   */
  offlineQueue?: boolean;
  /** Sends concurrent commands in one write (ioredis auto-pipelining). Default `true`. */
  autoPipelining?: boolean;
  /** Connection errors are logged here at `warn`, once per outage. Default: silent. */
  logger?: Logger;
}

const optionsSchema = z.strictObject({
  url: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .refine((url) => URL.canParse(url), 'must be a valid URL'),
  connectionName: z.string().min(1).max(100).default('truss'),
  commandTimeoutMs: z.number().int().min(0).max(600_000).default(1000),
  connectTimeoutMs: z.number().int().min(1).max(600_000).default(2000),
  offlineQueue: z.boolean().default(false),
  autoPipelining: z.boolean().default(true),
  logger: z.custom<Logger>((l) => typeof l === 'object' && l !== null && 'warn' in l).optional(),
});

/**
 * The client {@link createRedisClient} answers: an ioredis `Redis`, which fits {@link RedisLike}.
 *
 * @example
 * ```ts
 * const redis: RedisClient = createRedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 * ```
 */
export type RedisClient = Redis;

/**
 * Connects to Redis (`redis://` or `rediss://` for TLS) with settings fit for shared state: fail
 * fast while disconnected, reconnect with backoff, short command timeouts, auto-pipelining. The
 * one place Truss creates an ioredis client; every Redis-backed part takes the result (or any
 * {@link RedisLike}). Connecting happens in the background: commands fail until it is up.
 *
 * @example
 * ```ts
 * const redis = createRedisClient('redis://127.0.0.1:6379', { connectionName: 'truss-api' });
 * const rateLimits = createRedisRateLimitStore(redis);
 * await redis.quit();
 * ```
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): RedisClient {
  const config = parseInput(optionsSchema, { url, ...options }, 'Redis client options');
  const logger = config.logger ?? silentLogger;
  const client = new Redis(config.url, {
    connectionName: config.connectionName,
    ...(config.commandTimeoutMs > 0 ? { commandTimeout: config.commandTimeoutMs } : {}),
    connectTimeout: config.connectTimeoutMs,
    enableOfflineQueue: config.offlineQueue,
    enableAutoPipelining: config.autoPipelining,
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
  });
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: error, url: config.url.replace(/\/\/[^@/]*@/, '//***@') }, 'Redis connection failed');
  });
  client.on('ready', () => {
    if (down) logger.info({}, 'Redis connection restored');
    down = false;
  });
  return client;
}
