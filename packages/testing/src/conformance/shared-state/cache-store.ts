import { type CacheStore, createCache, systemClock } from '@truss/core';
import { expect, it } from 'vitest';
import { describeWithServices } from '../../vitest-services.js';
import { type StoreConformanceTarget, sleep, storeOpener, twoHandles } from './target.js';

async function miss(store: CacheStore, key: string, variant: string): Promise<number> {
  const found = await store.get(key, variant);
  if (found.hit) throw new Error(`expected a miss on ${key}/${variant}`);
  return found.generation;
}

/**
 * The conformance suite of the `CacheStore` port, and of `createCache` (cache-aside) on it: hits,
 * misses and variants; an invalidation drops every variant and refuses a value loaded before it;
 * expiry; a burst of 50 misses making one load; two handles on one state seeing each other's
 * entries and invalidations at once.
 *
 * @example
 * ```ts
 * runCacheStoreConformance({ name: 'memory', open: ({ clock }) => ({ store: createMemoryCacheStore({ clock }), close: async () => {} }) });
 * ```
 */
export function runCacheStoreConformance(target: StoreConformanceTarget<CacheStore>): void {
  describeWithServices(target.services ?? [], `cache store conformance: ${target.name}`, () => {
    const open = storeOpener(target);
    const openTwo = twoHandles(target);

    it('misses, stores under the generation it read, then hits; variants are separate', async () => {
      const store = await open('basic', systemClock);
      const generation = await miss(store, 'product:1', '');
      expect(await store.set('product:1', '', '{"a":1}', 60_000, generation)).toBe(true);
      expect(await store.get('product:1', '')).toEqual({ hit: true, value: '{"a":1}' });
      await miss(store, 'product:1', 'other');
      await miss(store, 'product:2', '');
    });

    it('invalidation drops every variant and refuses values loaded before it', async () => {
      const store = await open('invalidate', systemClock);
      const before = await miss(store, 'products:list', 'page1');
      await store.set('products:list', 'page1', '1', 60_000, before);
      await store.set('products:list', 'page2', '2', 60_000, before);
      const stale = await miss(store, 'products:list', 'page3');
      await store.invalidate(['products:list', 'never-cached']);
      await miss(store, 'products:list', 'page1');
      await miss(store, 'products:list', 'page2');
      // A load that started before the invalidation must not land after it.
      expect(await store.set('products:list', 'page3', 'old', 60_000, stale)).toBe(false);
      await miss(store, 'products:list', 'page3');
      const fresh = await miss(store, 'products:list', 'page3');
      expect(fresh).not.toBe(stale);
      expect(await store.set('products:list', 'page3', 'new', 60_000, fresh)).toBe(true);
      expect(await store.get('products:list', 'page3')).toEqual({ hit: true, value: 'new' });
    });

    it('forgets a value after its TTL', async () => {
      const store = await open('ttl', systemClock);
      await store.set('k', '', 'v', 150, await miss(store, 'k', ''));
      expect((await store.get('k', '')).hit).toBe(true);
      await sleep(250);
      await miss(store, 'k', '');
    });

    it('answers a burst of 50 misses on one entry with one load (createCache)', async () => {
      const cache = createCache({ store: await open('burst', systemClock), ttlSeconds: 60 });
      let loads = 0;
      const load = async () => {
        loads += 1;
        await sleep(50);
        return { id: 'p1', at: new Date('2030-01-01T00:00:00Z') };
      };
      const values = await Promise.all(
        Array.from({ length: 50 }, () => cache.getOrLoad('product:p1', '', load)),
      );
      expect(loads).toBe(1);
      expect(values[49]).toEqual({ id: 'p1', at: new Date('2030-01-01T00:00:00Z') });
      expect(await cache.getOrLoad('product:p1', '', load)).toEqual(values[0]);
      expect(loads).toBe(1);
      await cache.invalidate(['product:p1']);
      await cache.getOrLoad('product:p1', '', load);
      expect(loads).toBe(2);
    });

    it('holds only sealed values with a cipher (createCache), and reads past a value that does not open', async () => {
      const store = await open('sealed', systemClock);
      // A stand-in cipher that binds each value to its context, as FieldCipher does.
      const cipherOf = (keyId: string) => ({
        seal: (text: string, context: string) =>
          `${keyId}.${Buffer.from(JSON.stringify([context, text])).toString('base64')}`,
        open(sealed: string, context: string) {
          const [id, body = ''] = sealed.split('.');
          const [bound, text] = JSON.parse(Buffer.from(body, 'base64').toString()) as [string, string];
          if (id !== keyId || bound !== context) throw new Error('does not open');
          return text;
        },
      });
      const user = { id: 'u1', email: 'ada@example.com', createdAt: new Date('2030-01-01T00:00:00Z') };
      let loads = 0;
      const load = async () => {
        loads += 1;
        return user;
      };
      const cache = createCache({ store, ttlSeconds: 60, cipher: cipherOf('a') });
      expect(await cache.getOrLoad('user:u1', '', load)).toEqual(user);
      expect(await cache.getOrLoad('user:u1', '', load)).toEqual(user);
      expect(loads).toBe(1);
      const stored = await store.get('user:u1', '');
      if (!stored.hit) throw new Error('expected the value in the store');
      expect(stored.value).not.toContain('ada@example.com');
      expect(stored.value).toMatch(/^a\./);
      // Another key (the ring lost "a"): the value is read from the loader, not answered garbled.
      const events: string[] = [];
      const other = createCache({
        store,
        ttlSeconds: 60,
        cipher: cipherOf('b'),
        onEvent: (event) => events.push(event.type),
      });
      expect(await other.getOrLoad('user:u1', '', load)).toEqual(user);
      expect(loads).toBe(2);
      expect(events).toEqual(['error']);
    });

    // Stores without an invalidation feed (in-process ones) ignore `near`: the same answers hold.
    it('keeps a near cache that drops what another handle invalidates', async () => {
      const [a, b] = await openTwo('near', systemClock);
      const cacheA = createCache({ store: a, ttlSeconds: 60 });
      const cacheB = createCache({ store: b, ttlSeconds: 60, near: {} });
      try {
        let version = 1;
        let loads = 0;
        const load = async () => ({ version, loads: ++loads });
        await cacheB.getOrLoad('product:n', '', load);
        await sleep(50); // the feed subscribes
        for (let i = 0; i < 3; i++) await cacheB.getOrLoad('product:n', '', load);
        expect(loads).toBe(1);
        version = 2;
        await cacheA.invalidate(['product:n']);
        await sleep(50); // the message is delivered
        expect(await cacheB.getOrLoad('product:n', '', load)).toEqual({ version: 2, loads: 2 });
      } finally {
        cacheB.close();
      }
    });

    it('shows entries and invalidations to another handle on the same state at once', async () => {
      const [a, b] = await openTwo('shared', systemClock);
      const cacheA = createCache({ store: a, ttlSeconds: 60 });
      const cacheB = createCache({ store: b, ttlSeconds: 60 });
      let version = 1;
      const load = async () => ({ version });
      expect(await cacheB.getOrLoad('product:x', '', load)).toEqual({ version: 1 });
      version = 2;
      expect(await cacheB.getOrLoad('product:x', '', load)).toEqual({ version: 1 });
      await cacheA.invalidate(['product:x']);
      expect(await cacheB.getOrLoad('product:x', '', load)).toEqual({ version: 2 });
    });
  });
}
