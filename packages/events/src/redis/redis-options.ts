import { parseInput } from '@truss/core';
import { z } from 'zod';
import { activityListenerSchema, type EventActivityListener } from '../activity.js';
import { type RetryPolicy, retrySchema } from '../delivery.js';

/**
 * Options of `createRedisTransport`.
 *
 * @example
 * ```ts
 * const options: RedisTransportOptions = { url: 'redis://127.0.0.1:6379', prefix: 'shop:events', partitions: 8 };
 * ```
 */
export interface RedisTransportOptions {
  /** `redis://` or `rediss://`. */
  url: string;
  /** Prefix of every key. Default `truss:events`. */
  prefix?: string;
  /** Streams the events are spread over by hash of their key (1–256). Default 8. Never change it while events are in flight. */
  partitions?: number;
  /** Default {@link DEFAULT_RETRY}. */
  retry?: RetryPolicy;
  /** Told what happens to each delivery (handled, failed, dead-lettered): `eventMetrics` counts it. */
  onEvent?: EventActivityListener;
  /** Entries read per XREADGROUP. Default 200. */
  batchSize?: number;
  /** How long an XREADGROUP waits for new entries. Default 1000 ms. */
  blockMs?: number;
  /** An entry pending this long with another consumer (which died) is taken over (XAUTOCLAIM). Default 30 000 ms. */
  claimIdleMs?: number;
  /**
   * How long a process's lease on a partition lasts without renewal (renewed every third of it):
   * a dead process's partitions move to another after this. Default 10 000 ms.
   */
  partitionLeaseMs?: number;
  /** Events held at once by one subscription. Default 1000. */
  maxInFlight?: number;
  /** How long `stop` waits for events in hand before giving them back. Default 10 000 ms. */
  stopGraceMs?: number;
}

const schema = z.strictObject({
  url: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .refine((url) => URL.canParse(url), 'must be a valid URL'),
  prefix: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9:_.-]+$/)
    .default('truss:events'),
  partitions: z.number().int().min(1).max(256).default(8),
  retry: retrySchema,
  onEvent: activityListenerSchema,
  batchSize: z.number().int().min(1).max(10_000).default(200),
  blockMs: z.number().int().min(10).max(60_000).default(1000),
  claimIdleMs: z.number().int().min(100).max(3_600_000).default(30_000),
  partitionLeaseMs: z.number().int().min(100).max(600_000).default(10_000),
  maxInFlight: z.number().int().min(1).max(100_000).default(1000),
  stopGraceMs: z.number().int().min(0).max(600_000).default(10_000),
});

/** {@link RedisTransportOptions} with defaults. @internal */
export type RedisTransportConfig = Readonly<z.output<typeof schema>>;

/** Validates, fills in defaults, freezes. @internal */
export function parseRedisTransportOptions(options: RedisTransportOptions): RedisTransportConfig {
  return Object.freeze(parseInput(schema, options, 'Redis transport options'));
}
