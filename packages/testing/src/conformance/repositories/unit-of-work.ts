import { randomUUID } from 'node:crypto';
import { type OrderRecord, type TransactionRepositories, TrussError } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { aProduct, type ConformanceContext, createUser, raceIt } from './shared.js';

/** Places an order the way a service does: stock first (row locks in a fixed order), then the rows. */
async function placeOrder(
  repos: TransactionRepositories,
  userId: string,
  productId: string,
  quantity: number,
): Promise<OrderRecord> {
  if (!(await repos.products.decrementStock(productId, quantity))) {
    throw new TrussError('conflict', 'Out of stock');
  }
  const product = await repos.products.findById(productId);
  const order = await repos.orders.create({
    id: randomUUID(),
    userId,
    items: [{ id: randomUUID(), productId, quantity, unitPrice: product?.price ?? '0' }],
  });
  await repos.outbox.append({ id: randomUUID(), topic: 'order.created', payload: { orderId: order.id } });
  return order;
}

/** UnitOfWork: all or nothing across repositories, and safe under concurrency. */
export function unitOfWorkConformance(ctx: ConformanceContext): void {
  describe('unit of work', () => {
    it('commits the order, its items, the stock change and the outbox row together', async () => {
      const user = await createUser(ctx);
      const product = await ctx.repos().products.create(aProduct({ stock: 5, price: '1.15' }));
      const order = await ctx.repos().unitOfWork.run((repos) => placeOrder(repos, user.id, product.id, 3));
      expect(order.total).toBe('3.45');
      expect((await ctx.repos().orders.findById(order.id))?.items).toHaveLength(1);
      expect((await ctx.repos().products.findById(product.id))?.stock).toBe(2);
      const pending = await ctx.repos().outbox.listPending(1000);
      expect(pending.some((m) => (m.payload as { orderId?: string }).orderId === order.id)).toBe(true);
    });

    it('rolls everything back when the work throws, and rethrows the error', async () => {
      const user = await createUser(ctx);
      const product = await ctx.repos().products.create(aProduct({ stock: 5 }));
      let orderId: string | undefined;
      const boom = new Error('payment declined');
      await expect(
        ctx.repos().unitOfWork.run(async (repos) => {
          orderId = (await placeOrder(repos, user.id, product.id, 2)).id;
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(orderId).toBeDefined();
      expect(await ctx.repos().orders.findById(orderId as string)).toBeNull();
      expect((await ctx.repos().products.findById(product.id))?.stock).toBe(5);
      const pending = await ctx.repos().outbox.listPending(1000);
      expect(pending.some((m) => (m.payload as { orderId?: string }).orderId === orderId)).toBe(false);
    });

    it('rolls back when a repository call fails inside, with the domain error', async () => {
      const user = await createUser(ctx);
      const product = await ctx.repos().products.create(aProduct({ stock: 5 }));
      const error = await ctx
        .repos()
        .unitOfWork.run(async (repos) => {
          await repos.products.decrementStock(product.id, 1);
          await repos.users.create({ ...user, id: randomUUID() }); // taken email
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'TrussError', code: 'conflict' });
      expect((await ctx.repos().products.findById(product.id))?.stock).toBe(5);
    });

    it('hands out every repository bound to the transaction, MFA included', async () => {
      const user = await createUser(ctx);
      const at = new Date('2030-01-01T00:00:00.000Z');
      await expect(
        ctx.repos().unitOfWork.run(async (repos) => {
          expect(await repos.mfa.savePendingFactor(user.id, 'sealed-secret', at)).toBe(true);
          expect((await repos.mfa.findFactor(user.id))?.sealedSecret).toBe('sealed-secret');
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await ctx.repos().mfa.findFactor(user.id)).toBeNull();
      await ctx.repos().unitOfWork.run((repos) => repos.mfa.savePendingFactor(user.id, 'kept', at));
      expect((await ctx.repos().mfa.findFactor(user.id))?.sealedSecret).toBe('kept');
    });

    raceIt(ctx, 'of 20 concurrent orders of 1 against a stock of 5, exactly 5 commit', async () => {
      const user = await createUser(ctx);
      const product = await ctx.repos().products.create(aProduct({ stock: 5 }));
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          ctx.repos().unitOfWork.run((r) => placeOrder(r, user.id, product.id, 1)),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      expect(won).toHaveLength(5);
      for (const o of outcomes) {
        if (o.status === 'rejected') expect(o.reason).toMatchObject({ name: 'TrussError', code: 'conflict' });
      }
      expect((await ctx.repos().products.findById(product.id))?.stock).toBe(0);
      expect((await ctx.repos().orders.listByUser(user.id, { limit: 100 })).items).toHaveLength(5);
    });
  });
}
