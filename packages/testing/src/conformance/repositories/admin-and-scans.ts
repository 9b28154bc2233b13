import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aProduct, type ConformanceContext, createUser, expectTrussError, sameSecond } from './shared.js';

async function collect<T>(batches: AsyncIterable<T[]>): Promise<{ sizes: number[]; items: T[] }> {
  const sizes: number[] = [];
  const items: T[] = [];
  for await (const batch of batches) {
    sizes.push(batch.length);
    items.push(...batch);
  }
  return { sizes, items };
}

/**
 * UserAdminRepository, order lists of every user, batched scans, restocking and tracking numbers:
 * what the users, products, orders and export APIs need beyond the basic ports.
 */
export function adminAndScanConformance(ctx: ConformanceContext): void {
  describe('user administration', () => {
    it('updates at the expected version, rejects a stale one, and refuses a taken email', async () => {
      const user = await createUser(ctx);
      const other = await createUser(ctx);
      const record = await ctx.repos().userAdmin.findRecord(user.id.toUpperCase());
      expect(record).toMatchObject({ id: user.id, version: 1, email: user.email });
      const updated = await ctx.repos().userAdmin.update(user.id, { firstName: 'Ada', role: 'manager' }, 1);
      expect(updated).toMatchObject({ firstName: 'Ada', role: 'manager', version: 2 });
      await expectTrussError(ctx.repos().userAdmin.update(user.id, { lastName: 'L' }, 1), 'conflict');
      await expectTrussError(ctx.repos().userAdmin.update(user.id, { email: other.email }, 2), 'conflict');
      await expectTrussError(ctx.repos().userAdmin.update(randomUUID(), { lastName: 'L' }, 1), 'not_found');
      expect(await ctx.repos().userAdmin.findRecord('not-a-uuid')).toBeNull();
    });

    it('lists by role and email prefix (wildcards taken literally), in both directions, with cursors', async () => {
      const tag = randomUUID().slice(0, 8);
      const dates = sameSecond('2031-03-03T03:03:03.000Z', 5);
      for (const [i, createdAt] of dates.entries()) {
        await createUser(ctx, {
          email: `${tag}_${i}@example.com`,
          role: 'guest',
          createdAt,
          updatedAt: createdAt,
        });
      }
      await createUser(ctx, { email: `${tag}x@example.com`, role: 'user' });
      const emails = async (sort: 'asc' | 'desc') => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await ctx.repos().userAdmin.list({ emailPrefix: `${tag}_`, limit: 2, cursor, sort });
          seen.push(...page.items.map((u) => u.email));
          cursor = page.nextCursor;
        } while (cursor);
        return seen;
      };
      const asc = dates.map((_, i) => `${tag}_${i}@example.com`);
      expect(await emails('asc')).toEqual(asc);
      expect(await emails('desc')).toEqual([...asc].reverse());
      const guests = await ctx
        .repos()
        .userAdmin.list({ emailPrefix: tag.toUpperCase(), role: 'guest', limit: 100 });
      expect(guests.items).toHaveLength(5);
    });

    it('deletes a user (tokens go with it) and refuses one who still has orders', async () => {
      const user = await createUser(ctx);
      expect(await ctx.repos().userAdmin.delete(user.id)).toBe(true);
      expect(await ctx.repos().userAdmin.delete(user.id)).toBe(false);
      expect(await ctx.repos().users.findById(user.id)).toBeNull();
      const buyer = await createUser(ctx);
      const product = await ctx.repos().products.create(aProduct());
      await ctx.repos().orders.create({
        id: randomUUID(),
        userId: buyer.id,
        items: [{ id: randomUUID(), productId: product.id, quantity: 1, unitPrice: '1.00' }],
      });
      await expectTrussError(ctx.repos().userAdmin.delete(buyer.id), 'conflict');
      expect(await ctx.repos().users.findById(buyer.id)).not.toBeNull();
    });

    it('scans every user in bounded batches', async () => {
      const before = await collect(ctx.repos().userAdmin.scan({ batchSize: 1000 }));
      for (let i = 0; i < 5; i++) await createUser(ctx);
      const { sizes, items } = await collect(ctx.repos().userAdmin.scan({ batchSize: 2 }));
      expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
      expect(items).toHaveLength(before.items.length + 5);
      expect(new Set(items.map((u) => u.id)).size).toBe(items.length);
    });
  });

  describe('orders of every user, scans, restock and tracking', () => {
    it('lists every user’s orders filtered and sorted, and scans them in batches with their items', async () => {
      const product = await ctx.repos().products.create(aProduct({ price: '2.00', stock: 100 }));
      const users = [await createUser(ctx), await createUser(ctx)];
      const ids: string[] = [];
      for (const [i, createdAt] of sameSecond('2032-04-04T04:04:04.000Z', 4).entries()) {
        const order = await ctx.repos().orders.create({
          id: randomUUID(),
          userId: (users[i % 2] as { id: string }).id,
          createdAt,
          items: [{ id: randomUUID(), productId: product.id, quantity: i + 1, unitPrice: '2.00' }],
        });
        ids.push(order.id);
      }
      const mine = await ctx.repos().orders.list({ userId: users[0]?.id, sort: 'asc', limit: 100 });
      expect(mine.items.map((o) => o.id)).toEqual([ids[0], ids[2]]);
      const all = await ctx.repos().orders.list({ limit: 2 });
      expect(all.items).toHaveLength(2);
      expect(all.nextCursor).not.toBeNull();
      const { sizes, items } = await collect(ctx.repos().orders.scan({ batchSize: 3 }));
      expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
      for (const id of ids) expect(items.filter((o) => o.id === id)).toHaveLength(1);
      const scanned = items.find((o) => o.id === ids[3]);
      expect(scanned?.items.map((i) => i.quantity)).toEqual([4]);
      expect(scanned?.total).toBe('8.00');
    });

    it('puts stock back atomically and stores a tracking number with a status change', async () => {
      const product = await ctx.repos().products.create(aProduct({ stock: 1 }));
      await ctx.repos().products.incrementStock(product.id, 4);
      expect((await ctx.repos().products.findById(product.id))?.stock).toBe(5);
      await expectTrussError(ctx.repos().products.incrementStock(randomUUID(), 1), 'not_found');
      const user = await createUser(ctx);
      const order = await ctx.repos().orders.create({
        id: randomUUID(),
        userId: user.id,
        items: [{ id: randomUUID(), productId: product.id, quantity: 1, unitPrice: '9.99' }],
      });
      expect(order.trackingNumber).toBeNull();
      const shipped = await ctx
        .repos()
        .orders.updateStatus(order.id, 'shipped', 1, { trackingNumber: 'TRK-1' });
      expect(shipped).toMatchObject({ status: 'shipped', trackingNumber: 'TRK-1', version: 2 });
      expect((await ctx.repos().orders.findById(order.id))?.trackingNumber).toBe('TRK-1');
    });
  });
}
