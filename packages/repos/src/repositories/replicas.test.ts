import { randomUUID } from 'node:crypto';
import type { NewProduct } from '@truss/core';
import { createTestDatabase, describeWithServices, type TestDatabase } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { createDatabase, type TrussDatabase } from '../connect/create-database.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { createRepositories, type Repositories } from './create-repositories.js';

const aProduct = (name: string): NewProduct => ({
  id: randomUUID(),
  name,
  description: null,
  price: '1.00',
  stock: 5,
});

for (const kind of DATABASE_KINDS) {
  describeWithServices(kind === 'sqlite' ? [] : [kind], `read replicas (${kind})`, () => {
    const testDbs: TestDatabase[] = [];
    let database: TrussDatabase;
    let repos: Repositories;

    beforeAll(async () => {
      // The "replica" is a separate database with the same schema, so where a read went is visible.
      for (let i = 0; i < 2; i++) testDbs.push(await createTestDatabase(kind));
      const [primary, replica] = testDbs as [TestDatabase, TestDatabase];
      for (const db of testDbs) {
        const setup = await createDatabase(db.url);
        await migrateToLatest(setup.db);
        await setup.destroy();
      }
      database = await createDatabase(primary.url, { replicas: [replica.url] });
      repos = createRepositories(database);
    });
    afterAll(async () => {
      await database?.destroy();
      for (const db of testDbs) await db.drop();
    });

    it('sends writes to the primary and plain reads to the replica', async () => {
      const onPrimary = await repos.products.create(aProduct('primary'));
      expect(await repos.products.findById(onPrimary.id)).toBeNull();
      const replicaOnly = aProduct('replica');
      await createRepositories(database.replicas[0] as TrussDatabase['db']).products.create(replicaOnly);
      expect((await repos.products.findById(replicaOnly.id))?.name).toBe('replica');
      expect((await repos.products.list()).items.map((p) => p.id)).toEqual([replicaOnly.id]);
    });

    it('reads the daily sales report from the replica', async () => {
      await repos.salesAnalytics.recordSale('2030-01-01', '1.00');
      expect(await repos.salesAnalytics.dailySales('2030-01-01', '2030-01-01')).toEqual([]);
      await createRepositories(database.replicas[0] as TrussDatabase['db']).salesAnalytics.recordSale(
        '2030-01-01',
        '2.50',
      );
      expect(await repos.salesAnalytics.dailySales('2030-01-01', '2030-01-01')).toEqual([
        { day: '2030-01-01', orders: 1, revenue: '2.50' },
      ]);
      const inTransaction = await repos.unitOfWork.run((r) =>
        r.salesAnalytics.dailySales('2030-01-01', '2030-01-01'),
      );
      expect(inTransaction).toEqual([{ day: '2030-01-01', orders: 1, revenue: '1.00' }]);
    });

    it('reads back from the primary after a write', async () => {
      const p = await repos.products.create(aProduct('to update'));
      expect((await repos.products.update(p.id, { name: 'updated' }, 1)).name).toBe('updated');
      expect(await repos.products.decrementStock(p.id, 1)).toBe(true);
    });

    it('reads from the primary inside a unit of work', async () => {
      const p = await repos.products.create(aProduct('in a transaction'));
      const seen = await repos.unitOfWork.run((r) => r.products.findById(p.id));
      expect(seen?.name).toBe('in a transaction');
    });

    it('refuses a replica of another kind', async () => {
      const other = kind === 'sqlite' ? 'postgres://u@127.0.0.1/x' : 'sqlite::memory:';
      await expect(createDatabase(testDbs[0]?.url ?? '', { replicas: [other] })).rejects.toMatchObject({
        code: 'validation_error',
        message: expect.stringMatching(/^Invalid replica 1: it is a \w+ database, but the primary is \w+$/),
      });
    });
  });
}
