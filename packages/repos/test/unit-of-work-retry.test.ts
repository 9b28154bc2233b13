import { randomUUID } from 'node:crypto';
import { createTestDatabase, describeWithServices, type TestDatabase } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  CONCURRENT_UPDATE_ATTEMPTS,
  createDatabase,
  createRepositories,
  migrateToLatest,
  type TrussDatabase,
} from '../src/index.js';

// Two transactions that lock two rows in opposite orders deadlock on a server database; the
// database aborts one, and the unit of work runs it again instead of answering `conflict`.
// (SQLite runs one transaction at a time: it cannot deadlock.)
for (const kind of ['postgres', 'mysql'] as const) {
  describeWithServices([kind], `unit of work after a deadlock (${kind})`, () => {
    let testDb: TestDatabase;
    let database: TrussDatabase;
    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      database = await createDatabase(testDb.url, { poolSize: 4 });
      await migrateToLatest(database.db);
    });
    afterAll(async () => {
      await database?.destroy();
      await testDb?.drop();
    });

    const product = (name: string) => ({
      id: randomUUID(),
      name,
      description: null,
      price: '1.00',
      stock: 10,
    });

    it('runs the transaction the database aborted again, and both changes land once', async () => {
      const { products, unitOfWork } = createRepositories(database);
      const a = await products.create(product('A'));
      const b = await products.create(product('B'));
      let runs = 0;
      let arrived = 0;
      let bothHoldTheirFirstRow: () => void = () => {};
      const barrier = new Promise<void>((resolve) => {
        bothHoldTheirFirstRow = resolve;
      });
      const crossing = (first: string, second: string) =>
        unitOfWork.run(async (tx) => {
          runs++;
          await tx.products.incrementStock(first, 1);
          if (runs <= 2) {
            // The first attempt of each waits until the other holds its first row: a certain deadlock.
            if (++arrived === 2) bothHoldTheirFirstRow();
            await barrier;
          }
          await tx.products.incrementStock(second, 1);
        });
      await Promise.all([crossing(a.id, b.id), crossing(b.id, a.id)]);
      expect(runs).toBeGreaterThanOrEqual(3);
      expect(runs).toBeLessThanOrEqual(2 + CONCURRENT_UPDATE_ATTEMPTS);
      expect((await products.findById(a.id))?.stock).toBe(12);
      expect((await products.findById(b.id))?.stock).toBe(12);
    });
  });
}
