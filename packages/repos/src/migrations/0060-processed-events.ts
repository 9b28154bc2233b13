import type { Migration } from 'kysely/migration';
import type { AnyKysely } from '../dialect.js';
import { columnTypes } from './column-types.js';

/**
 * `processed_events`: one row per event a consumer has applied, `(consumer, event_id)` the primary
 * key, so that a redelivered event has no second effect.
 */
export const processedEventsMigration: Migration = {
  async up(db: AnyKysely) {
    const t = columnTypes(db);
    await t
      .table(db.schema.createTable('processed_events'))
      .addColumn('consumer', 'varchar(100)', (c) => c.notNull())
      .addColumn('event_id', 'varchar(100)', (c) => c.notNull())
      .addColumn('processed_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
      .addPrimaryKeyConstraint('pk_processed_events', ['consumer', 'event_id'])
      .execute();
  },
  async down(db: AnyKysely) {
    await db.schema.dropTable('processed_events').execute();
  },
};
