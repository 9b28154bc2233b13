import { randomUUID } from 'node:crypto';
import { createTestDatabase, describeWithServices, type TestDatabase } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertTestUser } from '../../../test/databases.js';
import { createDatabase, type TrussDatabase } from '../../connect/create-database.js';
import { prepareBatch, prepareQuery } from '../../executor/prepared-query.js';
import { migrateToLatest } from '../../migrations/migrate.js';
import { createProductRepository } from '../../products/product-repository.js';

const orderById = prepareQuery((db) => db.selectFrom('orders').selectAll().where('id', '=', ''));
const orderWithItem = prepareBatch([
  prepareQuery((db) =>
    db.insertInto('orders').values({
      id: '',
      user_id: '',
      total: '',
      status: '',
      version: 1,
      created_at: '',
      updated_at: '',
    }),
  ),
  prepareQuery((db) =>
    db
      .insertInto('order_items')
      .values({ id: '', order_id: '', line_no: 0, product_id: '', quantity: 0, unit_price: '' }),
  ),
]);

describeWithServices(['mysql'], 'MySQL/MariaDB executor batches on the pool', () => {
  let testDb: TestDatabase;
  let database: TrussDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase('mysql');
    // Two connections: a failing batch that kept its connection would dry the pool up at once.
    database = await createDatabase(testDb.url, { poolSize: 2 });
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    await database?.destroy();
    await testDb?.drop();
  });

  it('rolls back a batch whose second statement fails, and hands its connection back', async () => {
    const user = await insertTestUser(database.db);
    const product = await createProductRepository(database.executor).create({
      id: randomUUID(),
      name: 'Thing',
      description: null,
      price: '1.00',
      stock: 10,
    });
    const parameters = (id: string, productId: string) => {
      const now = new Date();
      return [
        [id, user.id, '1.00', 'pending', 1, now, now],
        [randomUUID(), id, 1, productId, 1, '1.00'],
      ];
    };
    const failed: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      failed.push(id);
      // The order's insert succeeds; the item's points at no product: the batch must roll back.
      await expect(
        database.executor.batch(orderWithItem, parameters(id, randomUUID())),
      ).rejects.toMatchObject({
        code: 'ER_NO_REFERENCED_ROW_2',
      });
    }
    for (const id of failed) expect(await database.executor.one(orderById, [id])).toBeNull();
    const id = randomUUID();
    await database.executor.batch(orderWithItem, parameters(id, product.id));
    expect(await database.executor.one(orderById, [id])).toMatchObject({ id, status: 'pending' });
  });
});
