import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { AnyKysely } from '../dialect.js';
import { columnTypes } from './column-types.js';

/**
 * `orders` and `order_items` (spec §3.1). An order's items go with it; a user or product that is
 * still ordered cannot be deleted. Indexed for "a user's orders, newest first" and for every
 * foreign key.
 */
export const ordersMigration: Migration = {
  async up(db: AnyKysely) {
    const t = columnTypes(db);
    await t
      .table(db.schema.createTable('orders'))
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('user_id', t.uuid, (c) => c.notNull())
      .addColumn('total', t.money, (c) => c.notNull())
      .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('pending'))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
      .addColumn('updated_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
      .addForeignKeyConstraint('fk_orders_user_id', ['user_id'], 'users', ['id'], (c) =>
        c.onDelete('restrict'),
      )
      .addCheckConstraint('ck_orders_total', sql`total >= 0`)
      .execute();
    await db.schema
      .createIndex('idx_orders_user_id_created_at')
      .on('orders')
      .columns(['user_id', 'created_at', 'id'])
      .execute();

    await t
      .table(db.schema.createTable('order_items'))
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('order_id', t.uuid, (c) => c.notNull())
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('product_id', t.uuid, (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('unit_price', t.money, (c) => c.notNull())
      .addForeignKeyConstraint('fk_order_items_order_id', ['order_id'], 'orders', ['id'], (c) =>
        c.onDelete('cascade'),
      )
      .addForeignKeyConstraint('fk_order_items_product_id', ['product_id'], 'products', ['id'], (c) =>
        c.onDelete('restrict'),
      )
      .addUniqueConstraint('uq_order_items_order_id_line_no', ['order_id', 'line_no'])
      .addCheckConstraint('ck_order_items_quantity', sql`quantity > 0`)
      .addCheckConstraint('ck_order_items_unit_price', sql`unit_price >= 0`)
      .execute();
    await db.schema
      .createIndex('idx_order_items_product_id')
      .on('order_items')
      .column('product_id')
      .execute();
  },
  async down(db: AnyKysely) {
    await db.schema.dropTable('order_items').execute();
    await db.schema.dropTable('orders').execute();
  },
};
