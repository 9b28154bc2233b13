import type { ThrottleRule, ThrottleStore } from '@truss/core';
import { expect, it } from 'vitest';
import { manualClock } from '../../fixtures.js';
import { describeWithServices } from '../../vitest-services.js';
import { type StoreConformanceTarget, storeOpener, twoHandles } from './target.js';

const rule = (key: string, over: Partial<ThrottleRule> = {}): ThrottleRule => ({
  key,
  freeAttempts: 3,
  baseDelayMs: 1000,
  maxDelayMs: 4000,
  windowMs: 3_600_000,
  ...over,
});

/**
 * The conformance suite of the `ThrottleStore` port: free attempts, then blocks that double up to
 * the cap; refused attempts not counted; a concurrent burst of 50 gets exactly the free attempts
 * and the one that starts the block; several keys decided together; forgive and reset; two handles
 * on one state.
 *
 * @example
 * ```ts
 * runThrottleStoreConformance({ name: 'memory', open: ({ clock }) => ({ store: createMemoryThrottleStore({ clock }), close: async () => {} }) });
 * ```
 */
export function runThrottleStoreConformance(target: StoreConformanceTarget<ThrottleStore>): void {
  describeWithServices(target.services ?? [], `throttle store conformance: ${target.name}`, () => {
    const open = storeOpener(target);
    const openTwo = twoHandles(target);

    it('allows the free attempts, then blocks for delays that double up to the cap', async () => {
      const time = manualClock();
      const store = await open('backoff', time.clock);
      for (let i = 0; i < 4; i++) expect(await store.attempt([rule('k')])).toEqual({ allowed: true });
      expect(await store.attempt([rule('k')])).toEqual({ allowed: false, retryAfterMs: 1000 });
      time.advance(0.4);
      expect(await store.attempt([rule('k')])).toEqual({ allowed: false, retryAfterMs: 600 });
      const delays: number[] = [];
      for (let i = 0; i < 3; i++) {
        time.advance(5);
        expect(await store.attempt([rule('k')])).toEqual({ allowed: true });
        delays.push(((await store.attempt([rule('k')])) as { retryAfterMs: number }).retryAfterMs);
      }
      // Refused attempts were not counted: 2 s, 4 s, then the 4 s cap.
      expect(delays).toEqual([2000, 4000, 4000]);
    });

    it('lets exactly the free attempts and the blocking one through a burst of 50', async () => {
      const time = manualClock();
      const store = await open('burst', time.clock);
      const results = await Promise.all(Array.from({ length: 50 }, () => store.attempt([rule('k')])));
      expect(results.filter((r) => r.allowed)).toHaveLength(4);
    });

    it('decides several keys together: one blocked key refuses and records nothing on the others', async () => {
      const time = manualClock();
      const store = await open('keys', time.clock);
      const strict = rule('pair', { freeAttempts: 1 });
      const loose = rule('account', { freeAttempts: 2 });
      expect(await store.attempt([strict, loose])).toEqual({ allowed: true });
      expect(await store.attempt([strict, loose])).toEqual({ allowed: true });
      expect((await store.attempt([strict, loose])).allowed).toBe(false);
      // 'account' has 2 attempts: the refused one was not counted, so its 3rd attempt starts its block.
      expect(await store.attempt([loose])).toEqual({ allowed: true });
      expect(await store.attempt([loose])).toEqual({ allowed: false, retryAfterMs: 1000 });
    });

    it('forgives one attempt, and reset forgets a key', async () => {
      const time = manualClock();
      const store = await open('forgive', time.clock);
      for (let i = 0; i < 3; i++) await store.attempt([rule('k')]);
      await store.forgive('k');
      expect(await store.attempt([rule('k')])).toEqual({ allowed: true });
      expect(await store.attempt([rule('k')])).toEqual({ allowed: true });
      expect((await store.attempt([rule('k')])).allowed).toBe(false);
      await store.reset('k');
      expect(await store.attempt([rule('k')])).toEqual({ allowed: true });
      await store.forgive('never-seen');
    });

    it('counts the attempts of two handles on one state together', async () => {
      const time = manualClock();
      const [a, b] = await openTwo('shared', time.clock);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).attempt([rule('k')])),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(4);
    });
  });
}
