import type { Migration } from 'kysely/migration';
import type { AnyKysely } from '../dialect.js';
import { columnTypes } from './column-types.js';

/** `password_resets`: single-use password-reset tokens, only their hashes; they go with their user. */
export const passwordResetsMigration: Migration = {
  async up(db: AnyKysely) {
    const t = columnTypes(db);
    await t
      .table(db.schema.createTable('password_resets'))
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('user_id', t.uuid, (c) => c.notNull())
      .addColumn('token_hash', 'varchar(128)', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('expires_at', t.timestamp, (c) => c.notNull())
      .addColumn('used_at', t.timestamp)
      .addForeignKeyConstraint('fk_password_resets_user_id', ['user_id'], 'users', ['id'], (c) =>
        c.onDelete('cascade'),
      )
      .execute();
    await db.schema
      .createIndex('idx_password_resets_token_hash')
      .on('password_resets')
      .column('token_hash')
      .unique()
      .execute();
    await db.schema
      .createIndex('idx_password_resets_user_id')
      .on('password_resets')
      .column('user_id')
      .execute();
  },
  async down(db: AnyKysely) {
    await db.schema.dropTable('password_resets').execute();
  },
};
