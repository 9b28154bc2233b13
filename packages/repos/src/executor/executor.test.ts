import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeOnEachDatabase, insertTestUser } from '../../test/databases.js';
import { toDbDate } from '../dialect.js';
import { centsToDbMoney } from '../money.js';
import { createProductRepository } from '../products/product-repository.js';
import { createExecutor } from './create-executor.js';
import type { Executor } from './executor.js';
import { prepareBatch, prepareQuery } from './prepared-query.js';

const orderById = prepareQuery((db) => db.selectFrom('orders').selectAll().where('id', '=', ''));
const insertOrder = prepareQuery((db) =>
  db.insertInto('orders').values({
    id: '',
    user_id: '',
    total: '',
    status: '',
    version: 1,
    created_at: '',
    updated_at: '',
  }),
);
const insertItem = prepareQuery((db) =>
  db
    .insertInto('order_items')
    .values({ id: '', order_id: '', line_no: 0, product_id: '', quantity: 0, unit_price: '' }),
);
const orderWithItem = prepareBatch([insertOrder, insertItem]);

/** The parameters of {@link orderWithItem}: an order of one item of `productId`. */
function orderParameters(executor: Executor, userId: string, productId: string) {
  const id = randomUUID();
  const now = toDbDate(executor.dialect, new Date());
  const money = centsToDbMoney(executor.dialect, 100n);
  return {
    id,
    parameters: [
      [id, userId, money, 'pending', 1, now, now],
      [randomUUID(), id, 1, productId, 1, money],
    ],
  };
}

async function aProduct(executor: Executor) {
  return createProductRepository(executor).create({
    id: randomUUID(),
    name: 'Thing',
    description: null,
    price: '1.00',
    stock: 10,
  });
}

describeOnEachDatabase('executors', (database, kind) => {
  // The executor createDatabase built (fast paths), and the one of the plain kysely instance.
  const executors = () =>
    [
      ['createDatabase', database().executor],
      ['plain kysely', createExecutor(database().db)],
    ] as const;

  it('runs a batch atomically: a failing statement leaves nothing of the others', async () => {
    const user = await insertTestUser(database().db);
    for (const [, executor] of executors()) {
      const product = await aProduct(executor);
      const good = orderParameters(executor, user.id, product.id);
      await executor.batch(orderWithItem, good.parameters);
      expect(await executor.one(orderById, [good.id])).toMatchObject({ id: good.id });
      const bad = orderParameters(executor, user.id, randomUUID()); // no such product
      await expect(executor.batch(orderWithItem, bad.parameters)).rejects.toThrow();
      expect(await executor.one(orderById, [bad.id])).toBeNull();
    }
  });

  it('runs everything of a transaction on its connection: a batch joins it and rolls back with it', async () => {
    const user = await insertTestUser(database().db);
    for (const [, executor] of executors()) {
      const product = await aProduct(executor);
      const order = orderParameters(executor, user.id, product.id);
      await expect(
        executor.transaction(async (trx) => {
          expect(trx.db.isTransaction).toBe(true);
          await trx.batch(orderWithItem, order.parameters);
          // Uncommitted: only the transaction's own connection sees it.
          expect(await trx.one(orderById, [order.id])).toMatchObject({ id: order.id });
          expect(await trx.rows(orderById, [order.id])).toHaveLength(1);
          if (kind !== 'sqlite') expect(await executor.one(orderById, [order.id])).toBeNull();
          // Called on the transaction's executor, `transaction` joins it.
          await trx.transaction(async (joined) => {
            expect(joined).toBe(trx);
          });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await executor.one(orderById, [order.id])).toBeNull();
    }
  });

  it('commits a transaction that resolves', async () => {
    const user = await insertTestUser(database().db);
    const executor = database().executor;
    const product = await aProduct(executor);
    const order = orderParameters(executor, user.id, product.id);
    const answer = await executor.transaction(async (trx) => {
      await trx.batch(orderWithItem, order.parameters);
      return 'done';
    });
    expect(answer).toBe('done');
    expect(await executor.one(orderById, [order.id])).toMatchObject({ id: order.id });
  });
});

describeOnEachDatabase('repository factories on a plain kysely instance', (database) => {
  it('work as on the executor, through kysely', async () => {
    const products = createProductRepository(database().db);
    const created = await aProduct(database().executor);
    expect(await products.findById(created.id)).toEqual(created);
    expect((await products.update(created.id, { stock: 3 }, 1)).stock).toBe(3);
  });
});
