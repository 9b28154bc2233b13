import { randomUUID } from 'node:crypto';
import type { NewOrder, OrderRecord } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { aProduct, type ConformanceContext, createUser, expectTrussError, sameSecond } from './shared.js';

/** OrderRepository: exact totals, items, pagination, optimistic status changes, references. */
export function orderConformance(ctx: ConformanceContext): void {
  describe('orders', () => {
    async function anOrder(overrides: Partial<NewOrder> = {}): Promise<NewOrder> {
      const user = await createUser(ctx);
      const product = await ctx.repos().products.create(aProduct());
      return {
        id: randomUUID(),
        userId: user.id,
        items: [{ id: randomUUID(), productId: product.id, quantity: 1, unitPrice: '9.99' }],
        ...overrides,
      };
    }

    it('computes exact totals that floats get wrong', async () => {
      const base = await anOrder();
      const productId = base.items[0]?.productId as string;
      const line = (quantity: number, unitPrice: string) => ({
        id: randomUUID(),
        productId,
        quantity,
        unitPrice,
      });
      const cases: Array<[NewOrder['items'], string]> = [
        [[line(1, '0.10'), line(1, '0.20')], '0.30'], // 0.1 + 0.2 = 0.30000000000000004
        [[line(3, '1.15')], '3.45'], // 3 * 1.15 = 3.4499999999999997
        [Array.from({ length: 10 }, () => line(1, '0.10')), '1.00'],
        [[line(2, '4999999999.99')], '9999999999.98'],
        [[line(7, '0.07'), line(1, '100')], '100.49'],
      ];
      for (const [items, total] of cases) {
        const order = await ctx.repos().orders.create({ ...base, id: randomUUID(), items });
        expect(order.total).toBe(total);
        expect((await ctx.repos().orders.findById(order.id))?.total).toBe(total);
      }
    });

    it('stores the order with its items, in order', async () => {
      const input = await anOrder({ createdAt: new Date('2026-05-05T05:05:05.505Z') });
      const second = await ctx.repos().products.create(aProduct({ price: '2.50' }));
      input.items.push({ id: randomUUID(), productId: second.id, quantity: 4, unitPrice: '2.50' });
      const order = await ctx.repos().orders.create(input);
      expect(order).toMatchObject({
        id: input.id,
        userId: input.userId,
        status: 'pending',
        version: 1,
        total: '19.99',
      });
      expect(order.createdAt.toISOString()).toBe('2026-05-05T05:05:05.505Z');
      expect(order.items.map((i) => [i.productId, i.quantity, i.unitPrice, i.orderId])).toEqual(
        input.items.map((i) => [i.productId, i.quantity, i.unitPrice, input.id]),
      );
      expect(await ctx.repos().orders.findById(order.id)).toEqual(order);
    });

    it('maps missing references and taken ids to domain errors, writing nothing', async () => {
      const input = await anOrder();
      await expectTrussError(ctx.repos().orders.create({ ...input, userId: randomUUID() }), 'not_found');
      const badItem = { id: randomUUID(), productId: randomUUID(), quantity: 1, unitPrice: '1.00' };
      await expectTrussError(
        ctx.repos().orders.create({ ...input, items: [...input.items, badItem] }),
        'not_found',
      );
      expect(await ctx.repos().orders.findById(input.id)).toBeNull();
      await ctx.repos().orders.create(input);
      await expectTrussError(
        ctx.repos().orders.create({
          ...input,
          items: [{ ...badItem, productId: input.items[0]?.productId as string }],
        }),
        'conflict',
      );
      await expectTrussError(
        ctx.repos().orders.create({ ...input, id: randomUUID(), items: [] }),
        'validation_error',
      );
    });

    it('lists a user’s orders newest first, stably, filtered by status', async () => {
      const base = await anOrder();
      const moments = sameSecond('2032-01-01T00:00:00.000Z', 2);
      const made: OrderRecord[] = [];
      for (let i = 0; i < 5; i++) {
        const items = base.items.map((item) => ({ ...item, id: randomUUID() }));
        made.push(
          await ctx
            .repos()
            .orders.create({ ...base, id: randomUUID(), items, createdAt: moments[i % 2] as Date }),
        );
      }
      const seen: OrderRecord[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: OrderRecord[]; nextCursor: string | null } = await ctx
          .repos()
          .orders.listByUser(base.userId, { limit: 2, cursor });
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      const expected = [...made].sort(
        (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0),
      );
      expect(seen.map((o) => o.id)).toEqual(expected.map((o) => o.id));
      expect(seen.every((o) => o.items.length === 1)).toBe(true);
      const first = made[0] as OrderRecord;
      await ctx.repos().orders.updateStatus(first.id, 'paid', 1);
      const paid = await ctx.repos().orders.listByUser(base.userId, { status: 'paid' });
      expect(paid.items.map((o) => o.id)).toEqual([first.id]);
      expect((await ctx.repos().orders.listByUser(randomUUID())).items).toEqual([]);
    });

    it('changes status at the expected version; a stale version is a conflict', async () => {
      const order = await ctx.repos().orders.create(await anOrder());
      const paid = await ctx.repos().orders.updateStatus(order.id, 'paid', 1);
      expect(paid).toMatchObject({ status: 'paid', version: 2 });
      await expectTrussError(ctx.repos().orders.updateStatus(order.id, 'cancelled', 1), 'conflict');
      expect((await ctx.repos().orders.findById(order.id))?.status).toBe('paid');
      await expectTrussError(ctx.repos().orders.updateStatus(randomUUID(), 'paid', 1), 'not_found');
      await expectTrussError(
        ctx.repos().orders.updateStatus(order.id, 'lost' as never, 2),
        'validation_error',
      );
    });

    it('refuses to delete a product that is still ordered', async () => {
      const input = await anOrder();
      await ctx.repos().orders.create(input);
      await expectTrussError(ctx.repos().products.delete(input.items[0]?.productId as string, 1), 'conflict');
    });
  });
}
