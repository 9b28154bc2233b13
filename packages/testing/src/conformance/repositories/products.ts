import { randomUUID } from 'node:crypto';
import type { ProductRecord } from '@truss/core';
import { describe, expect, it } from 'vitest';
import {
  aProduct,
  type ConformanceContext,
  expectTrussError,
  raceIt,
  rejection,
  sameSecond,
} from './shared.js';

/** ProductRepository: exact money, pagination, filters, optimistic concurrency, stock races. */
export function productConformance(ctx: ConformanceContext): void {
  describe('products', () => {
    it('keeps prices exact, including ones a float gets wrong', async () => {
      for (const price of ['0.10', '0.20', '0.30', '1.15', '4.35', '9999999999.99', '0', '1200', '0.7']) {
        const created = await ctx.repos().products.create(aProduct({ price }));
        const expected = price.includes('.') ? price.padEnd(price.indexOf('.') + 3, '0') : `${price}.00`;
        expect(created.price).toBe(expected);
        expect((await ctx.repos().products.findById(created.id))?.price).toBe(expected);
      }
    });

    it('creates at version 1 and round-trips every field', async () => {
      const input = aProduct({ description: 'Ünïcode ✓', createdAt: new Date('2026-02-03T04:05:06.789Z') });
      const created = await ctx.repos().products.create(input);
      expect(created).toMatchObject({ version: 1, description: 'Ünïcode ✓', stock: 10 });
      expect(await ctx.repos().products.findById(input.id)).toEqual(created);
      expect(await ctx.repos().products.findById('nope')).toBeNull();
      await expectTrussError(ctx.repos().products.create(aProduct({ id: input.id })), 'conflict');
      await expectTrussError(ctx.repos().products.create(aProduct({ price: '1.999' })), 'validation_error');
      await expectTrussError(ctx.repos().products.create(aProduct({ stock: -1 })), 'validation_error');
    });

    it('pages newest first, stably, with ties in createdAt broken by id', async () => {
      const tag = randomUUID().slice(0, 8);
      const moments = sameSecond('2031-01-01T00:00:00.000Z', 3);
      const created: ProductRecord[] = [];
      for (let i = 0; i < 7; i++) {
        const createdAt = moments[i % 3] as Date; // several products share each instant
        created.push(
          await ctx.repos().products.create(aProduct({ name: `${tag}-${i}`, createdAt, price: '77777.77' })),
        );
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: ProductRecord[]; nextCursor: string | null } = await ctx.repos().products.list({
          limit: 2,
          cursor,
          minPrice: '77777.77',
          maxPrice: '77777.77',
        });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      const expected = [...created]
        .sort(
          (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0),
        )
        .map((p) => p.id);
      expect(seen).toEqual(expected);
    });

    it('filters by price range and stock', async () => {
      const low = await ctx.repos().products.create(aProduct({ price: '55555.10', stock: 0 }));
      const high = await ctx.repos().products.create(aProduct({ price: '55555.20', stock: 3 }));
      const range = { minPrice: '55555.10', maxPrice: '55555.20', limit: 100 };
      const ids = async (q: object) =>
        (await ctx.repos().products.list({ ...range, ...q })).items.map((p) => p.id);
      expect((await ids({})).sort()).toEqual([low.id, high.id].sort());
      expect(await ids({ minPrice: '55555.11' })).toEqual([high.id]);
      expect(await ids({ inStock: true })).toEqual([high.id]);
      expect(await ids({ inStock: false })).toEqual([low.id]);
      await expectTrussError(ctx.repos().products.list({ cursor: 'garbage' }), 'validation_error');
      await expectTrussError(ctx.repos().products.list({ limit: 1000 }), 'validation_error');
    });

    it('finds products by part of their name, ignoring case, with % and _ taken literally', async () => {
      const tag = randomUUID().slice(0, 8);
      const bolt = await ctx.repos().products.create(aProduct({ name: `Hex BOLT ${tag}` }));
      const percent = await ctx.repos().products.create(aProduct({ name: `Bolt 100% steel_${tag}` }));
      await ctx.repos().products.create(aProduct({ name: `Nut ${tag}` }));
      const ids = async (nameContains: string) =>
        (await ctx.repos().products.list({ nameContains, limit: 100 })).items.map((p) => p.id).sort();
      expect(
        await ids(`bolt`).then((found) => found.filter((id) => [bolt.id, percent.id].includes(id))),
      ).toEqual([bolt.id, percent.id].sort());
      expect(await ids(`bolt ${tag}`)).toEqual([bolt.id]);
      expect(await ids(`100% steel_${tag}`)).toEqual([percent.id]);
      // `%` and `_` are not wildcards: 'steel%' matches no name, '_' only a real underscore.
      expect(await ids(`steel%${tag}`)).toEqual([]);
      expect(await ids(`100_`)).toEqual([]);
      await expectTrussError(ctx.repos().products.list({ nameContains: '' }), 'validation_error');
    });

    it('updates at the expected version and rejects a stale one with conflict', async () => {
      const p = await ctx.repos().products.create(aProduct());
      const updated = await ctx.repos().products.update(p.id, { price: '0.30', name: 'Renamed' }, 1);
      expect(updated).toMatchObject({ price: '0.30', name: 'Renamed', version: 2 });
      const stale = await rejection(ctx.repos().products.update(p.id, { price: '1.00' }, 1));
      expect(stale).toMatchObject({ name: 'TrussError', code: 'conflict' });
      expect((await ctx.repos().products.findById(p.id))?.price).toBe('0.30');
      await expectTrussError(ctx.repos().products.update(randomUUID(), { stock: 1 }, 1), 'not_found');
      await expectTrussError(ctx.repos().products.update(p.id, {}, 2), 'validation_error');
    });

    it('decrements stock only when there is enough', async () => {
      const p = await ctx.repos().products.create(aProduct({ stock: 3 }));
      expect(await ctx.repos().products.decrementStock(p.id, 2)).toBe(true);
      expect(await ctx.repos().products.decrementStock(p.id, 2)).toBe(false);
      expect((await ctx.repos().products.findById(p.id))?.stock).toBe(1);
      await expectTrussError(ctx.repos().products.decrementStock(randomUUID(), 1), 'not_found');
      await expectTrussError(ctx.repos().products.decrementStock(p.id, 0), 'validation_error');
    });

    raceIt(ctx, 'of 50 concurrent decrements against a stock of 10, exactly 10 succeed', async () => {
      const p = await ctx.repos().products.create(aProduct({ stock: 10 }));
      const results = await Promise.all(
        Array.from({ length: 50 }, () => ctx.repos().products.decrementStock(p.id, 1)),
      );
      expect(results.filter(Boolean)).toHaveLength(10);
      const after = await ctx.repos().products.findById(p.id);
      expect(after?.stock).toBe(0);
    });

    it('deletes at the expected version', async () => {
      const p = await ctx.repos().products.create(aProduct());
      await expectTrussError(ctx.repos().products.delete(p.id, 2), 'conflict');
      await ctx.repos().products.delete(p.id, 1);
      expect(await ctx.repos().products.findById(p.id)).toBeNull();
      await expectTrussError(ctx.repos().products.delete(p.id, 1), 'not_found');
    });
  });
}
