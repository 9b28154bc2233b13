import { type Clock, isTrussError } from '@truss/core';

/** A clock a test moves by hand. */
export interface ManualClock {
  /** Pass it wherever a `Clock` port is taken. */
  readonly clock: Clock;
  /** Moves the time forward by `seconds` (fractions allowed). */
  advance(seconds: number): void;
}

/**
 * A {@link ManualClock} starting at `start` (default: now).
 *
 * @example
 * ```ts
 * const time = manualClock();
 * const tokens = await createAccessTokens({ …, clock: time.clock });
 * time.advance(901); // the token has expired
 * ```
 */
export function manualClock(start: Date | number = Date.now()): ManualClock {
  let now = typeof start === 'number' ? start : start.getTime();
  return {
    clock: { now: () => new Date(now) },
    advance(seconds) {
      now += seconds * 1000;
    },
  };
}

/**
 * The `TrussError` code a promise rejects with, or `'accepted'` when it resolves. Any other
 * rejection is rethrown, so a test never mistakes a crash for a refusal.
 *
 * @example
 * ```ts
 * expect(await errorCodeOf(tokens.verify('garbage'))).toBe('invalid_token');
 * ```
 */
export async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isTrussError(error)) return error.code;
    throw error;
  }
  return 'accepted';
}
