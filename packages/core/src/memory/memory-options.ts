import { z } from 'zod';
import { type Clock, systemClock } from '../ports/clock.js';
import { parseInput } from '../validation.js';

/**
 * Options of the memory stores (`createMemoryCacheStore`, `createMemoryRateLimitStore`,
 * `createMemoryThrottleStore`, `createMemoryRevocationStore`).
 *
 * @example
 * ```ts
 * const store = createMemoryRateLimitStore({ maxKeys: 10_000, clock: manualClock().clock });
 * ```
 */
export interface MemoryStoreOptions {
  /** Most keys kept; the least recently written go first. Default 100 000. */
  maxKeys?: number;
  /** Source of time. Default: the system clock. */
  clock?: Clock;
}

const schema = z.strictObject({
  maxKeys: z.number().int().min(1).max(100_000_000).default(100_000),
  clock: z.custom<Clock>((c) => typeof c === 'object' && c !== null && 'now' in c).default(systemClock),
});

/** Validated options with defaults. */
export function memoryOptions(options: MemoryStoreOptions, what: string) {
  return parseInput(schema, options, what) as { maxKeys: number; clock: Clock };
}
