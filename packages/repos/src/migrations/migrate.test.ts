import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeOnEachDatabase } from '../../test/databases.js';
import { MIGRATIONS } from './index.js';
import { migrateDown, migrateToLatest, migrationStatus } from './migrate.js';

const NAMES = Object.keys(MIGRATIONS).sort();

async function tableNames(database: ReturnType<Parameters<Parameters<typeof describeOnEachDatabase>[1]>[0]>) {
  const tables = await database.db.introspection.getTables();
  return tables.map((t) => t.name).filter((n) => !n.startsWith('truss_migrations'));
}

describeOnEachDatabase(
  'migrations',
  (database, kind) => {
    it('start with every migration pending', async () => {
      const status = await migrationStatus(database().db);
      expect(status.map((m) => m.name)).toEqual(NAMES);
      expect(status.every((m) => m.executedAt === null)).toBe(true);
    });

    it('run up to the latest, then do nothing the second time', async () => {
      const ran = await migrateToLatest(database().db);
      expect(ran).toEqual(NAMES.map((name) => ({ name, direction: 'up' })));
      expect(await migrateToLatest(database().db)).toEqual([]);
      const status = await migrationStatus(database().db);
      expect(status.every((m) => m.executedAt instanceof Date)).toBe(true);
      expect(await tableNames(database())).toEqual(
        expect.arrayContaining([
          'users',
          'refresh_tokens',
          'products',
          'orders',
          'order_items',
          'outbox',
          'audit_log',
        ]),
      );
    });

    it('create the index on the email blind index (its uniqueness) and the token indexes', async () => {
      const db = database().db;
      const indexes =
        kind === 'postgres'
          ? (
              await sql<{
                name: string;
              }>`select indexname as name from pg_indexes where schemaname = 'public'`.execute(db)
            ).rows
          : kind === 'mysql'
            ? (
                await sql<{
                  name: string;
                }>`select distinct index_name as name from information_schema.statistics where table_schema = database()`.execute(
                  db,
                )
              ).rows
            : (await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(db))
                .rows;
      const names = indexes.map((i) => i.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'idx_users_email_index',
          'idx_refresh_tokens_token_hash',
          'idx_refresh_tokens_family_id',
          'idx_refresh_tokens_user_id',
          'idx_products_created_at',
          'idx_orders_user_id_created_at',
          'idx_order_items_product_id',
          'idx_outbox_pending',
          'idx_audit_log_created_at',
          'idx_audit_log_actor_id',
          'idx_audit_log_action',
        ]),
      );
      // MySQL/MariaDB drop the index InnoDB made for a foreign key once one of ours covers it.
      expect(names.filter((n) => n.startsWith('fk_'))).toEqual([]);
    });

    it('go down one step, then all the way, then up again', async () => {
      const db = database().db;
      expect(await migrateDown(db)).toEqual([{ name: NAMES.at(-1), direction: 'down' }]);
      // The last migration drops its own table only: every table before it is still there.
      expect(await tableNames(database())).toContain('mfa_factors');
      const rest = await migrateDown(db, { steps: 'all' });
      expect(rest.map((s) => s.name)).toEqual(NAMES.slice(0, -1).reverse());
      expect(await tableNames(database())).toEqual([]);
      expect(await migrateDown(db)).toEqual([]);
      expect((await migrateToLatest(db)).length).toBe(NAMES.length);
    });

    it('reject invalid options', async () => {
      await expect(migrateDown(database().db, { steps: 0 })).rejects.toMatchObject({
        code: 'validation_error',
      });
    });
  },
  { migrate: false },
);
