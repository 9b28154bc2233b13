import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { AnyKysely } from '../dialect.js';
import { columnTypes } from './column-types.js';

/**
 * `products` (spec §3.1). Price is exact (see `ColumnTypes.money`); stock can never go below zero
 * (a CHECK, besides the repository's conditional update); `version` serves optimistic concurrency.
 * Indexed for the newest-first list.
 */
export const productsMigration: Migration = {
  async up(db: AnyKysely) {
    const t = columnTypes(db);
    await t
      .table(db.schema.createTable('products'))
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('price', t.money, (c) => c.notNull())
      .addColumn('stock', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
      .addColumn('updated_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
      .addCheckConstraint('ck_products_stock', sql`stock >= 0`)
      .addCheckConstraint('ck_products_price', sql`price >= 0`)
      .execute();
    await db.schema
      .createIndex('idx_products_created_at')
      .on('products')
      .columns(['created_at', 'id'])
      .execute();
  },
  async down(db: AnyKysely) {
    await db.schema.dropTable('products').execute();
  },
};
