import type { RevocationStore } from '@truss/core';
import { expect, it } from 'vitest';
import { manualClock } from '../../fixtures.js';
import { describeWithServices } from '../../vitest-services.js';
import { type StoreConformanceTarget, sleep, storeOpener, twoHandles } from './target.js';

/** Polls `check` for up to `ms`: revocations reach other handles asynchronously (pub/sub). */
async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
}

/**
 * The conformance suite of the `RevocationStore` port: a revocation is seen by its own handle at
 * once and by another handle on the same state within a second; a later revocation wins, an
 * earlier one changes nothing; user and session revocations are separate; entries are forgotten
 * after their TTL.
 *
 * @example
 * ```ts
 * runRevocationStoreConformance({ name: 'memory', open: ({ clock }) => ({ store: createMemoryRevocationStore({ clock }), close: async () => {} }) });
 * ```
 */
export function runRevocationStoreConformance(target: StoreConformanceTarget<RevocationStore>): void {
  describeWithServices(target.services ?? [], `revocation store conformance: ${target.name}`, () => {
    const open = storeOpener(target);
    const openTwo = twoHandles(target);

    it('answers a revocation at once, keeps the later of two, and keeps users and sessions apart', async () => {
      const time = manualClock();
      const store = await open('basic', time.clock);
      expect(await store.revokedAt('u1', 's1')).toEqual({ user: undefined, session: undefined });
      expect(await store.revoke('user', 'u1', 1000, 900)).toBe(1000);
      expect(await store.revokedAt('u1', 's1')).toEqual({ user: 1000, session: undefined });
      expect(await store.revoke('user', 'u1', 990, 900)).toBe(1000);
      expect(await store.revoke('user', 'u1', 1010, 900)).toBe(1010);
      await store.revoke('session', 'u2', 1020, 900);
      expect(await store.revokedAt('u2', 's1')).toEqual({ user: undefined, session: undefined });
      expect(await store.revokedAt('u9', 'u2')).toEqual({ user: undefined, session: 1020 });
      expect(await store.revokedAt('u1', undefined)).toEqual({ user: 1010, session: undefined });
    });

    it('forgets a revocation after its TTL', async () => {
      const time = manualClock();
      const store = await open('ttl', time.clock);
      await store.revoke('user', 'u1', 1000, 60);
      time.advance(59);
      expect((await store.revokedAt('u1', undefined)).user).toBe(1000);
      time.advance(2);
      expect((await store.revokedAt('u1', undefined)).user).toBeUndefined();
    });

    it('tells another handle on the same state within a second', async () => {
      const time = manualClock();
      const [a, b] = await openTwo('shared', time.clock);
      expect((await b.revokedAt('u1', 's1')).session).toBeUndefined();
      await a.revoke('session', 's1', 2000, 900);
      await a.revoke('user', 'u1', 2001, 900);
      const both = async () => {
        const seen = await b.revokedAt('u1', 's1');
        return seen.session === 2000 && seen.user === 2001;
      };
      expect(await within(1000, both)).toBe(true);
    });
  });
}
