import { describe, expect, it } from 'vitest';
import { TEST_PAYMENT_TOKENS } from '../../test-payment-provider.js';
import { codeOf, type ServiceContext } from './shared.js';

/** OrderService on real repositories: stock, totals, ownership, transitions, payments, events. */
export function orderServiceConformance(ctx: ServiceContext): void {
  describe('orders', () => {
    it('takes stock and computes an exact total from current prices, with its order.created event', async () => {
      const { orders, principal, product, products, repos } = ctx.get();
      const buyer = await principal('user');
      const bolt = await product({ price: '0.10', stock: 10 });
      const nut = await product({ price: '0.20', stock: 10 });
      const order = await orders.create(buyer, {
        items: [
          { productId: bolt.id, quantity: 1 },
          { productId: nut.id, quantity: 2 },
          { productId: bolt.id, quantity: 2 },
        ],
      });
      expect(order).toMatchObject({ userId: buyer.userId, status: 'pending', total: '0.70', version: 1 });
      expect(order.items).toHaveLength(2);
      expect((await products.get(null, bolt.id)).stock).toBe(7);
      const events = await repos.outbox.listPending(1000);
      expect(
        events.some((e) => e.topic === 'order.created' && (e.payload as { id: string }).id === order.id),
      ).toBe(true);
    });

    it('stores nothing and takes no stock when a line cannot be served', async () => {
      const { orders, principal, product, products } = ctx.get();
      const buyer = await principal('user');
      const plenty = await product({ stock: 10 });
      const scarce = await product({ stock: 1 });
      const before = (await orders.list(buyer)).items.length;
      const short = orders.create(buyer, {
        items: [
          { productId: plenty.id, quantity: 3 },
          { productId: scarce.id, quantity: 2 },
        ],
      });
      expect(await codeOf(short)).toBe('conflict');
      const unknown = orders.create(buyer, {
        items: [
          { productId: plenty.id, quantity: 3 },
          { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 },
        ],
      });
      expect(await codeOf(unknown)).toBe('validation_error');
      expect((await products.get(null, plenty.id)).stock).toBe(10);
      expect((await products.get(null, scarce.id)).stock).toBe(1);
      expect((await orders.list(buyer)).items).toHaveLength(before);
      expect(await codeOf(orders.create(buyer, { items: [] }))).toBe('validation_error');
    });

    it('shows a User its own orders only; Managers see and filter everyone’s', async () => {
      const { orders, principal, product } = ctx.get();
      const alice = await principal('user');
      const bob = await principal('user');
      const manager = await principal('manager');
      const item = await product();
      const mine = await orders.create(alice, { items: [{ productId: item.id, quantity: 1 }] });
      await orders.create(bob, { items: [{ productId: item.id, quantity: 1 }] });
      expect((await orders.list(alice)).items.map((o) => o.userId)).toEqual([alice.userId]);
      expect((await orders.list(alice, { userId: bob.userId })).items).toEqual([]);
      expect(await codeOf(orders.get(bob, mine.id))).toBe('not_found');
      expect((await orders.get(manager, mine.id)).id).toBe(mine.id);
      const filtered = await orders.list(manager, { userId: alice.userId, limit: 100 });
      expect(filtered.items.map((o) => o.id)).toEqual([mine.id]);
      expect(await codeOf(orders.list(null))).toBe('unauthorized');
      expect(
        await codeOf(
          orders.create(await principal('guest'), { items: [{ productId: item.id, quantity: 1 }] }),
        ),
      ).toBe('forbidden');
    });

    it('pays once: a decline is 402 and stays pending, a timeout is 503 and a retry charges nothing more', async () => {
      const { orders, payments, principal, product } = ctx.get();
      const buyer = await principal('user');
      const item = await product({ price: '5.00' });
      const order = await orders.create(buyer, { items: [{ productId: item.id, quantity: 2 }] });
      expect(await codeOf(orders.pay(await principal('user'), order.id, { paymentToken: 'tok_visa' }))).toBe(
        'not_found',
      );
      expect(await codeOf(orders.pay(buyer, order.id, { paymentToken: TEST_PAYMENT_TOKENS.decline }))).toBe(
        'payment_declined',
      );
      expect((await orders.get(buyer, order.id)).status).toBe('pending');
      expect(await codeOf(orders.pay(buyer, order.id, { paymentToken: TEST_PAYMENT_TOKENS.timeout }))).toBe(
        'service_unavailable',
      );
      const paid = await orders.pay(buyer, order.id, { paymentToken: TEST_PAYMENT_TOKENS.timeout });
      expect(paid.status).toBe('paid');
      expect(payments.succeededFor(order.id)).toHaveLength(1);
      expect(payments.succeededFor(order.id)[0]?.amount).toBe('10.00');
      expect(await codeOf(orders.pay(buyer, order.id, { paymentToken: 'tok_visa' }))).toBe('conflict');
    });

    it('ships (Manager) with its order.shipped event, delivers, and refuses moves out of order', async () => {
      const { orders, principal, product, repos } = ctx.get();
      const buyer = await principal('user');
      const manager = await principal('manager');
      const order = await orders.create(buyer, { items: [{ productId: (await product()).id, quantity: 1 }] });
      expect(await codeOf(orders.ship(manager, order.id, { trackingNumber: 'TRK-1' }))).toBe('conflict');
      await orders.pay(buyer, order.id, { paymentToken: 'tok_visa' });
      expect(await codeOf(orders.ship(buyer, order.id, { trackingNumber: 'TRK-1' }))).toBe('forbidden');
      const shipped = await orders.ship(manager, order.id, { trackingNumber: ' TRK-1 ' });
      expect(shipped).toMatchObject({ status: 'shipped', trackingNumber: 'TRK-1' });
      const events = await repos.outbox.listPending(1000);
      expect(events.map((e) => [e.topic, e.payload])).toContainEqual([
        'order.shipped',
        { id: order.id, trackingNumber: 'TRK-1' },
      ]);
      expect(await codeOf(orders.cancel(buyer, order.id))).toBe('conflict');
      expect((await orders.deliver(manager, order.id)).status).toBe('delivered');
    });

    it('cancels (the owner): the stock comes back and a paid order is refunded', async () => {
      const { orders, payments, principal, product, products } = ctx.get();
      const buyer = await principal('user');
      const item = await product({ stock: 4 });
      const pending = await orders.create(buyer, { items: [{ productId: item.id, quantity: 3 }] });
      const paid = await orders.create(buyer, { items: [{ productId: item.id, quantity: 1 }] });
      await orders.pay(buyer, paid.id, { paymentToken: 'tok_visa' });
      expect((await products.get(null, item.id)).stock).toBe(0);
      expect(await codeOf(orders.cancel(await principal('manager'), pending.id))).toBe('forbidden');
      expect((await orders.cancel(buyer, pending.id)).status).toBe('cancelled');
      expect((await orders.cancel(buyer, paid.id)).status).toBe('cancelled');
      expect((await products.get(null, item.id)).stock).toBe(4);
      expect(payments.succeededFor(paid.id)).toEqual([]);
      expect(await codeOf(orders.cancel(buyer, pending.id))).toBe('conflict');
    });
  });
}
