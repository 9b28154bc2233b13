import type { Migration } from 'kysely/migration';
import { type AnyKysely, dialectOf } from '../dialect.js';
import { columnTypes } from './column-types.js';

/**
 * `payment_attempts` (one row per order version, claimed before the provider is charged) and
 * `idempotency_keys` (the first answer to a `POST` with an `Idempotency-Key`, per caller, for 24
 * hours), with the indexes the expiry and retention jobs scan: pending orders by age, expired keys.
 */
export const orderIntegrityMigration: Migration = {
  async up(db: AnyKysely) {
    const t = columnTypes(db);
    await t
      .table(db.schema.createTable('payment_attempts'))
      .addColumn('order_id', t.uuid, (c) => c.notNull())
      .addColumn('order_version', 'integer', (c) => c.notNull())
      .addColumn('state', 'varchar(20)', (c) => c.notNull())
      .addColumn('claimed_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('pk_payment_attempts', ['order_id', 'order_version'])
      .execute();
    await t
      .table(db.schema.createTable('idempotency_keys'))
      .addColumn('scope', 'varchar(64)', (c) => c.notNull())
      .addColumn('idempotency_key', 'varchar(255)', (c) => c.notNull())
      .addColumn('fingerprint', 'char(64)', (c) => c.notNull())
      .addColumn('state', 'varchar(20)', (c) => c.notNull())
      .addColumn('status', 'integer')
      .addColumn('response', t.jsonText)
      .addColumn('locked_until', t.timestamp, (c) => c.notNull())
      .addColumn('expires_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('pk_idempotency_keys', ['scope', 'idempotency_key'])
      .execute();
    await db.schema
      .createIndex('idx_idempotency_keys_expires_at')
      .on('idempotency_keys')
      .column('expires_at')
      .execute();
    await db.schema
      .createIndex('idx_orders_status_created_at')
      .on('orders')
      .columns(['status', 'created_at'])
      .execute();
  },
  async down(db: AnyKysely) {
    const mysql = dialectOf(db) === 'mysql';
    await (mysql
      ? db.schema.dropIndex('idx_orders_status_created_at').on('orders')
      : db.schema.dropIndex('idx_orders_status_created_at')
    ).execute();
    await db.schema.dropTable('idempotency_keys').execute();
    await db.schema.dropTable('payment_attempts').execute();
  },
};
