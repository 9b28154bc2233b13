import { type RateLimitStore, systemClock } from '@truss/core';
import { expect, it } from 'vitest';
import { describeWithServices } from '../../vitest-services.js';
import { type StoreConformanceTarget, sleep, storeOpener, twoHandles } from './target.js';

/**
 * The conformance suite of the `RateLimitStore` port: counts in a window, concurrent hits counted
 * one by one (100 parallel hits answer the counts 1 to 100), the window's end, independent keys,
 * and two handles on one state counting together.
 *
 * @example
 * ```ts
 * runRateLimitStoreConformance({ name: 'memory', open: () => ({ store: createMemoryRateLimitStore(), close: async () => {} }) });
 * ```
 */
export function runRateLimitStoreConformance(target: StoreConformanceTarget<RateLimitStore>): void {
  describeWithServices(target.services ?? [], `rate-limit store conformance: ${target.name}`, () => {
    const open = storeOpener(target);
    const openTwo = twoHandles(target);

    it('counts hits in a window and says when it ends', async () => {
      const store = await open('count', systemClock);
      expect(await store.hit('k', 60_000)).toMatchObject({ count: 1 });
      const second = await store.hit('k', 60_000);
      expect(second.count).toBe(2);
      expect(second.resetMs).toBeGreaterThan(58_000);
      expect(second.resetMs).toBeLessThanOrEqual(60_000);
      expect((await store.hit('other', 60_000)).count).toBe(1);
    });

    it('counts 100 concurrent hits one by one', async () => {
      const store = await open('burst', systemClock);
      const counts = await Promise.all(Array.from({ length: 100 }, () => store.hit('k', 60_000)));
      expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
    });

    it('starts again from 1 when the window has passed', async () => {
      const store = await open('window', systemClock);
      await store.hit('k', 150);
      await store.hit('k', 150);
      await sleep(250);
      expect((await store.hit('k', 150)).count).toBe(1);
    });

    it('counts hits of two handles on one state together', async () => {
      const [a, b] = await openTwo('shared', systemClock);
      await a.hit('k', 60_000);
      await b.hit('k', 60_000);
      expect((await a.hit('k', 60_000)).count).toBe(3);
    });
  });
}
