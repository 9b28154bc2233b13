import type { Migration } from 'kysely/migration';
import type { AnyKysely } from '../dialect.js';
import { columnTypes } from './column-types.js';

/**
 * `audit_log`: append-only. `actor_id` has no foreign key on purpose: the record of what a user did
 * outlives the user. Indexed for the newest-first list, by actor and by action.
 */
export const auditLogMigration: Migration = {
  async up(db: AnyKysely) {
    const t = columnTypes(db);
    await t
      .table(db.schema.createTable('audit_log'))
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('actor_id', t.uuid)
      .addColumn('action', 'varchar(100)', (c) => c.notNull())
      .addColumn('target_type', 'varchar(50)')
      .addColumn('target_id', 'varchar(100)')
      .addColumn('details', t.jsonText)
      .addColumn('ip', 'varchar(45)')
      .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
      .execute();
    await db.schema
      .createIndex('idx_audit_log_created_at')
      .on('audit_log')
      .columns(['created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('idx_audit_log_actor_id')
      .on('audit_log')
      .columns(['actor_id', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('idx_audit_log_action')
      .on('audit_log')
      .columns(['action', 'created_at', 'id'])
      .execute();
  },
  async down(db: AnyKysely) {
    await db.schema.dropTable('audit_log').execute();
  },
};
