import type { Migration } from 'kysely/migration';
import type { AnyKysely } from '../dialect.js';
import { columnTypes } from './column-types.js';

/**
 * `refresh_tokens`: one row per refresh token, only its hash stored; a user's tokens go when the
 * user does. Indexed for the lookups auth makes: by hash (unique), by family, by user.
 */
export const refreshTokensMigration: Migration = {
  async up(db: AnyKysely) {
    const t = columnTypes(db);
    await t
      .table(db.schema.createTable('refresh_tokens'))
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('family_id', t.uuid, (c) => c.notNull())
      .addColumn('user_id', t.uuid, (c) => c.notNull())
      .addColumn('token_hash', 'varchar(128)', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
      .addColumn('expires_at', t.timestamp, (c) => c.notNull())
      .addColumn('used_at', t.timestamp)
      .addColumn('revoked_at', t.timestamp)
      .addForeignKeyConstraint('fk_refresh_tokens_user_id', ['user_id'], 'users', ['id'], (c) =>
        c.onDelete('cascade'),
      )
      .execute();
    await db.schema
      .createIndex('idx_refresh_tokens_token_hash')
      .on('refresh_tokens')
      .column('token_hash')
      .unique()
      .execute();
    await db.schema
      .createIndex('idx_refresh_tokens_family_id')
      .on('refresh_tokens')
      .column('family_id')
      .execute();
    // On MySQL/MariaDB this index replaces the one InnoDB made for the foreign key.
    await db.schema
      .createIndex('idx_refresh_tokens_user_id')
      .on('refresh_tokens')
      .column('user_id')
      .execute();
  },
  async down(db: AnyKysely) {
    await db.schema.dropTable('refresh_tokens').execute();
  },
};
