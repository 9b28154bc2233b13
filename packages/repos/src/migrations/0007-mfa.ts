import type { Migration } from 'kysely/migration';
import type { AnyKysely } from '../dialect.js';
import { columnTypes } from './column-types.js';

/**
 * `mfa_factors` (one TOTP factor per user, its secret sealed by the auth layer, the last used time
 * step for replay protection) and `mfa_recovery_codes` (single-use codes, only their hashes). Both
 * go when the user does.
 */
export const mfaMigration: Migration = {
  async up(db: AnyKysely) {
    const t = columnTypes(db);
    await t
      .table(db.schema.createTable('mfa_factors'))
      .addColumn('user_id', t.uuid, (c) => c.primaryKey())
      .addColumn('sealed_secret', 'varchar(512)', (c) => c.notNull())
      .addColumn('confirmed_at', t.timestamp)
      .addColumn('last_used_step', 'bigint')
      .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
      .addForeignKeyConstraint('fk_mfa_factors_user_id', ['user_id'], 'users', ['id'], (c) =>
        c.onDelete('cascade'),
      )
      .execute();
    await t
      .table(db.schema.createTable('mfa_recovery_codes'))
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('user_id', t.uuid, (c) => c.notNull())
      .addColumn('code_hash', 'varchar(128)', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
      .addColumn('used_at', t.timestamp)
      .addForeignKeyConstraint('fk_mfa_recovery_codes_user_id', ['user_id'], 'users', ['id'], (c) =>
        c.onDelete('cascade'),
      )
      .execute();
    await db.schema
      .createIndex('idx_mfa_recovery_codes_user_code')
      .on('mfa_recovery_codes')
      .columns(['user_id', 'code_hash'])
      .unique()
      .execute();
  },
  async down(db: AnyKysely) {
    await db.schema.dropTable('mfa_recovery_codes').execute();
    await db.schema.dropTable('mfa_factors').execute();
  },
};
