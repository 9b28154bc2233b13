import {
  type Clock,
  moneySchema,
  type NewProduct,
  type ProductChanges,
  type ProductListQuery,
  type ProductRecord,
  type ProductRepository,
  parseInput,
  productSchema,
  systemClock,
  TrussError,
} from '@truss/core';
import { type Selectable, sql, type Updateable } from 'kysely';
import { z } from 'zod';
import { fromDbTimestamps, isUuid, toDbDate } from '../dialect.js';
import { classifyDatabaseError, toTrussError, withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import { findOne } from '../executor/find-one.js';
import { prepareQuery } from '../executor/prepared-query.js';
import { fromDbMoney, toDbMoney } from '../money.js';
import { keysetPage, pageRequestShape, sortSchema } from '../pagination/keyset-page.js';
import { type ReadOptions, readerOf } from '../reader.js';
import type { ProductsTable } from '../schema.js';
import { updateAtVersion, versionMiss, versionSchema } from '../versioned-update.js';

/**
 * Options of {@link createProductRepository}.
 *
 * @example
 * ```ts
 * createProductRepository(database.executor, { reader: database.readExecutor });
 * ```
 */
export interface ProductRepositoryOptions extends ReadOptions {
  /** Source of timestamps. Default: the system clock. */
  clock?: Clock;
}

const newProductSchema = productSchema.extend({
  id: z.uuid().toLowerCase(),
  createdAt: z.date().optional(),
  updatedAt: z.date().optional(),
});
const changesSchema = productSchema
  .pick({ name: true, description: true, price: true, stock: true })
  .partial()
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'Nothing to change');
const listSchema = z.strictObject({
  ...pageRequestShape,
  minPrice: moneySchema.optional(),
  maxPrice: moneySchema.optional(),
  inStock: z.boolean().optional(),
  nameContains: z.string().min(1).max(100).optional(),
  sort: sortSchema,
});
/**
 * `lower(name) LIKE '%text%'` with `%`, `_` and the escape character taken literally. `!` is the
 * escape character: a backslash means different things in string literals of PostgreSQL and MySQL.
 */
const nameContains = (text: string) => {
  const pattern = `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return sql<boolean>`lower(${sql.ref('name')}) like ${pattern} escape '!'`;
};

const quantitySchema = z.number().int().min(1).max(1_000_000);

/**
 * The {@link ProductRepository} of `@truss/core` on kysely. Prices never pass through a float;
 * `decrementStock` is one conditional `UPDATE … WHERE stock >= ?`, so concurrent orders never
 * oversell; `update` and `delete` compare the `version` in the same statement.
 *
 * @example
 * ```ts
 * const products = createProductRepository(database.executor, { reader: database.readExecutor });
 * const p = await products.create({ id: crypto.randomUUID(), name: 'Pen', description: null, price: '1.15', stock: 10 });
 * await products.update(p.id, { price: '1.25' }, p.version); // version 2
 * ```
 */
export function createProductRepository(
  source: RepositorySource,
  options: ProductRepositoryOptions = {},
): ProductRepository {
  const executor = executorOf(source);
  const { dialect, db } = executor;
  const clock = options.clock ?? systemClock;
  const read = readerOf(executor, options);
  const toRecord = (row: Selectable<ProductsTable>): ProductRecord => {
    const { createdAt, updatedAt } = fromDbTimestamps(row.created_at, row.updated_at);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      price: fromDbMoney(dialect, row.price),
      stock: Number(row.stock),
      version: Number(row.version),
      createdAt,
      updatedAt,
    };
  };
  const byId = prepareQuery((k) => k.selectFrom('products').selectAll().where('id', '=', ''));
  /** The product on the primary (a read that follows a write). */
  const findOnPrimary = async (id: string) => findOne(executor, byId, [id], toRecord);

  return {
    async create(input: NewProduct) {
      const data = parseInput(newProductSchema, input, 'product');
      const now = clock.now();
      const createdAt = data.createdAt ?? now;
      const record: ProductRecord = {
        ...data,
        createdAt,
        updatedAt: data.updatedAt ?? createdAt,
        version: 1,
      };
      await withDatabaseErrors(
        () =>
          db
            .insertInto('products')
            .values({
              id: record.id,
              name: record.name,
              description: record.description,
              price: toDbMoney(dialect, record.price),
              stock: record.stock,
              version: 1,
              created_at: toDbDate(dialect, record.createdAt),
              updated_at: toDbDate(dialect, record.updatedAt),
            })
            .execute(),
        { conflict: 'A product with this id already exists' },
      );
      return { ...record, price: fromDbMoney(dialect, toDbMoney(dialect, record.price)) };
    },

    async findById(id: string) {
      return isUuid(id) ? findOne(read(), byId, [id.toLowerCase()], toRecord) : null;
    },

    async list(query: ProductListQuery = {}) {
      const q = parseInput(listSchema, query, 'product query');
      const page = keysetPage(dialect, q);
      return page.fetch(
        read()
          .db.selectFrom('products')
          .selectAll()
          .$if(q.minPrice !== undefined, (b) => b.where('price', '>=', toDbMoney(dialect, q.minPrice ?? '0')))
          .$if(q.maxPrice !== undefined, (b) => b.where('price', '<=', toDbMoney(dialect, q.maxPrice ?? '0')))
          .$if(q.inStock !== undefined, (b) => b.where('stock', q.inStock ? '>' : '=', 0))
          .$if(q.nameContains !== undefined, (b) => b.where(nameContains(q.nameContains ?? ''))),
        (rows) => rows.map(toRecord),
      );
    },

    async update(id: string, changes: ProductChanges, expectedVersion: number) {
      const data = parseInput(changesSchema, changes, 'product changes');
      const set: Updateable<ProductsTable> = { updated_at: toDbDate(dialect, clock.now()) };
      if (data.name !== undefined) set.name = data.name;
      if (data.description !== undefined) set.description = data.description;
      if (data.price !== undefined) set.price = toDbMoney(dialect, data.price);
      if (data.stock !== undefined) set.stock = data.stock;
      return updateAtVersion(executor, {
        entity: 'Product',
        id,
        expectedVersion,
        change: { table: 'products', set },
        read: findOnPrimary,
      });
    },

    async decrementStock(id: string, quantity: number) {
      const qty = parseInput(quantitySchema, quantity, 'quantity');
      if (!isUuid(id)) throw new TrussError('not_found', 'Product not found');
      const key = id.toLowerCase();
      const result = await withDatabaseErrors(() =>
        db
          .updateTable('products')
          .set((eb) => ({ stock: eb('stock', '-', qty), version: eb('version', '+', 1) }))
          .set({ updated_at: toDbDate(dialect, clock.now()) })
          .where('id', '=', key)
          .where('stock', '>=', qty)
          .executeTakeFirst(),
      );
      if (result.numUpdatedRows > 0n) return true;
      if (!(await findOnPrimary(key))) throw new TrussError('not_found', 'Product not found');
      return false;
    },

    async incrementStock(id: string, quantity: number) {
      const qty = parseInput(quantitySchema, quantity, 'quantity');
      if (!isUuid(id)) throw new TrussError('not_found', 'Product not found');
      const key = id.toLowerCase();
      const result = await withDatabaseErrors(() =>
        db
          .updateTable('products')
          .set((eb) => ({ stock: eb('stock', '+', qty), version: eb('version', '+', 1) }))
          .set({ updated_at: toDbDate(dialect, clock.now()) })
          .where('id', '=', key)
          .executeTakeFirst(),
      );
      if (result.numUpdatedRows === 0n) throw new TrussError('not_found', 'Product not found');
    },

    async delete(id: string, expectedVersion: number) {
      const version = parseInput(versionSchema, expectedVersion, 'version');
      if (!isUuid(id)) throw new TrussError('not_found', 'Product not found');
      const key = id.toLowerCase();
      const result = await db
        .deleteFrom('products')
        .where('id', '=', key)
        .where('version', '=', version)
        .executeTakeFirst()
        .catch((error: unknown) => {
          // SQLite reports every foreign key failure alike; on delete it can only mean "still ordered".
          const failure = classifyDatabaseError(error);
          if (failure === 'still_referenced' || failure === 'missing_reference') {
            throw new TrussError('conflict', 'Product is still part of orders', { cause: error });
          }
          throw toTrussError(error);
        });
      if (result.numDeletedRows === 0n) throw versionMiss('Product', version, await findOnPrimary(key));
    },
  };
}
