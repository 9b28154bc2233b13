import type { Migration } from 'kysely/migration';
import type { AnyKysely } from '../dialect.js';
import { columnTypes } from './column-types.js';

/**
 * `sessions`: one row per login (the family of its refresh tokens), with its absolute end, the
 * latest proof of the password or second factor, and a revocation that holds against a refresh in
 * flight. Refresh tokens issued before it have no session and are refused: their users log in again.
 */
export const sessionsMigration: Migration = {
  async up(db: AnyKysely) {
    const t = columnTypes(db);
    await t
      .table(db.schema.createTable('sessions'))
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('user_id', t.uuid, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('expires_at', t.timestamp, (c) => c.notNull())
      .addColumn('authenticated_at', t.timestamp, (c) => c.notNull())
      .addColumn('revoked_at', t.timestamp)
      .addForeignKeyConstraint('fk_sessions_user_id', ['user_id'], 'users', ['id'], (c) =>
        c.onDelete('cascade'),
      )
      .execute();
    await db.schema.createIndex('idx_sessions_user_id').on('sessions').column('user_id').execute();
  },
  async down(db: AnyKysely) {
    await db.schema.dropTable('sessions').execute();
  },
};
