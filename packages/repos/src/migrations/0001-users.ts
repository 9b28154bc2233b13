import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { AnyKysely } from '../dialect.js';
import { columnTypes } from './column-types.js';

/**
 * `users`, as spec §3.2. The unique index `idx_users_email` is both the spec's index and the
 * email's uniqueness: one index, not two.
 */
export const usersMigration: Migration = {
  async up(db: AnyKysely) {
    const t = columnTypes(db);
    await t
      .table(db.schema.createTable('users'))
      .addColumn('id', t.uuid, (c) =>
        t.dialect === 'postgres' ? c.primaryKey().defaultTo(sql`gen_random_uuid()`) : c.primaryKey(),
      )
      .addColumn('email', 'varchar(255)', (c) => c.notNull())
      .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
      .addColumn('first_name', 'varchar(100)')
      .addColumn('last_name', 'varchar(100)')
      .addColumn('role', 'varchar(50)', (c) => c.notNull().defaultTo('user'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
      .addColumn('updated_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
      .execute();
    await db.schema.createIndex('idx_users_email').on('users').column('email').unique().execute();
  },
  async down(db: AnyKysely) {
    await db.schema.dropTable('users').execute();
  },
};
