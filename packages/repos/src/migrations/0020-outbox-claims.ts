import type { Migration } from 'kysely/migration';
import type { AnyKysely } from '../dialect.js';
import { columnTypes } from './column-types.js';

/**
 * `outbox.claimed_until`: a relay that claims a pending event leases it until then; another relay
 * takes it over only after the lease expires (the first one crashed between claim and publish).
 */
export const outboxClaimsMigration: Migration = {
  async up(db: AnyKysely) {
    const t = columnTypes(db);
    await db.schema.alterTable('outbox').addColumn('claimed_until', t.timestamp).execute();
  },
  async down(db: AnyKysely) {
    await db.schema.alterTable('outbox').dropColumn('claimed_until').execute();
  },
};
