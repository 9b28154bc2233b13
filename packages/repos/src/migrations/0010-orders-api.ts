import type { Migration } from 'kysely/migration';
import { type AnyKysely, dialectOf } from '../dialect.js';

/**
 * What the users and orders APIs add: `users.version` (optimistic concurrency of user updates,
 * existing users start at 1) and `orders.tracking_number` (set when an order ships).
 */
export const ordersApiMigration: Migration = {
  async up(db: AnyKysely) {
    await db.schema
      .alterTable('users')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.alterTable('orders').addColumn('tracking_number', 'varchar(100)').execute();
    await db.schema.createIndex('idx_orders_created_at').on('orders').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('idx_users_created_at').on('users').columns(['created_at', 'id']).execute();
  },
  async down(db: AnyKysely) {
    // MySQL names an index within its table; PostgreSQL and SQLite within the schema.
    const mysql = dialectOf(db) === 'mysql';
    const drop = (index: string, table: string) =>
      mysql ? db.schema.dropIndex(index).on(table) : db.schema.dropIndex(index);
    await drop('idx_users_created_at', 'users').execute();
    await drop('idx_orders_created_at', 'orders').execute();
    await db.schema.alterTable('orders').dropColumn('tracking_number').execute();
    await db.schema.alterTable('users').dropColumn('version').execute();
  },
};
