import type { Migration } from 'kysely/migration';
import type { AnyKysely } from '../dialect.js';
import { columnTypes } from './column-types.js';

/** `outbox`: events committed with the change they describe; indexed for "pending, oldest first". */
export const outboxMigration: Migration = {
  async up(db: AnyKysely) {
    const t = columnTypes(db);
    await t
      .table(db.schema.createTable('outbox'))
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('topic', 'varchar(200)', (c) => c.notNull())
      .addColumn('payload', t.jsonText, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
      .addColumn('published_at', t.timestamp)
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex('idx_outbox_pending')
      .on('outbox')
      .columns(['published_at', 'created_at', 'id'])
      .execute();
  },
  async down(db: AnyKysely) {
    await db.schema.dropTable('outbox').execute();
  },
};
