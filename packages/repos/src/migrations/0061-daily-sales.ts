import type { Migration } from 'kysely/migration';
import type { AnyKysely } from '../dialect.js';
import { columnTypes } from './column-types.js';

/**
 * `daily_sales`: orders and revenue per UTC day (`YYYY-MM-DD`). Revenue is exact: `numeric(16, 2)`
 * on PostgreSQL, `decimal(16, 2)` on MySQL/MariaDB, integer cents on SQLite (whose DECIMAL is a
 * float).
 */
export const dailySalesMigration: Migration = {
  async up(db: AnyKysely) {
    const t = columnTypes(db);
    const revenue =
      t.dialect === 'postgres' ? 'numeric(16, 2)' : t.dialect === 'mysql' ? 'decimal(16, 2)' : 'integer';
    await t
      .table(db.schema.createTable('daily_sales'))
      .addColumn('day', 'char(10)', (c) => c.primaryKey())
      .addColumn('orders', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('revenue', revenue, (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
      .execute();
  },
  async down(db: AnyKysely) {
    await db.schema.dropTable('daily_sales').execute();
  },
};
