import { describe, expect, it } from 'vitest';
import { codeOf, type ServiceContext } from './shared.js';

/** ProductService on real repositories. */
export function productServiceConformance(ctx: ServiceContext): void {
  describe('products', () => {
    it('lets anyone read and list, and only Managers and Admins create', async () => {
      const { products, principal, product } = ctx.get();
      const created = await product({ price: '0.10', stock: 5 });
      expect(created).toMatchObject({ price: '0.10', stock: 5, version: 1, description: null });
      expect(await products.get(null, created.id)).toMatchObject({ id: created.id, price: '0.10' });
      expect((await products.list(null, { limit: 100 })).items.map((p) => p.id)).toContain(created.id);
      const user = await principal('user');
      expect(await codeOf(products.create(user, { name: 'No', price: '1.00' }))).toBe('forbidden');
      expect(await codeOf(products.create(null, { name: 'No', price: '1.00' }))).toBe('unauthorized');
      expect(await codeOf(products.create(await principal('admin'), { name: '', price: '1' }))).toBe(
        'validation_error',
      );
      expect(await codeOf(products.get(null, 'not-a-uuid'))).toBe('not_found');
    });

    it('updates at a version: a stale one is a conflict and changes nothing', async () => {
      const { products, principal, product } = ctx.get();
      const manager = await principal('manager');
      const original = await product({ price: '1.00' });
      const changed = await products.update(manager, original.id, { price: '1.50' }, original.version);
      expect(changed).toMatchObject({ price: '1.50', version: 2 });
      expect(await codeOf(products.update(manager, original.id, { price: '9.00', version: 1 }))).toBe(
        'conflict',
      );
      expect((await products.get(null, original.id)).price).toBe('1.50');
      expect(await codeOf(products.update(manager, original.id, {}))).toBe('validation_error');
    });

    it('adjusts stock atomically and never below zero', async () => {
      const { products, principal, product } = ctx.get();
      const manager = await principal('manager');
      const item = await product({ stock: 3 });
      expect((await products.adjustStock(manager, item.id, { delta: 2 })).stock).toBe(5);
      expect(await codeOf(products.adjustStock(manager, item.id, { delta: -6 }))).toBe('conflict');
      expect((await products.adjustStock(manager, item.id, { delta: -5 })).stock).toBe(0);
      expect(await codeOf(products.adjustStock(manager, item.id, { delta: 0 }))).toBe('validation_error');
    });

    it('refuses to delete a product that is part of an order', async () => {
      const { products, orders, principal, product } = ctx.get();
      const manager = await principal('manager');
      const ordered = await product();
      await orders.create(await principal('user'), { items: [{ productId: ordered.id, quantity: 1 }] });
      expect(await codeOf(products.delete(manager, ordered.id))).toBe('conflict');
      const unordered = await product();
      await products.delete(manager, unordered.id);
      expect(await codeOf(products.get(null, unordered.id))).toBe('not_found');
    });
  });
}
