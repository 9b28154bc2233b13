import { randomUUID } from 'node:crypto';
import { createTestDatabase, describeWithServices, type TestDatabase } from '@truss/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase, type TrussDatabase } from '../../connect/create-database.js';
import { withDatabaseErrors } from '../../errors.js';
import { prepareQuery } from '../../executor/prepared-query.js';
import { migrateToLatest } from '../../migrations/migrate.js';

describeWithServices(['mysql'], 'MySQL/MariaDB sessions', () => {
  let testDb: TestDatabase;
  let database: TrussDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase('mysql');
    database = await createDatabase(testDb.url);
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    await database?.destroy();
    await testDb?.drop();
  });

  it('run in UTC and strict mode', async () => {
    const { rows } = await sql<{
      tz: string;
      mode: string;
    }>`select @@session.time_zone as tz, @@session.sql_mode as mode`.execute(database.db);
    expect(rows[0]?.tz).toBe('+00:00');
    expect(rows[0]?.mode).toContain('STRICT_ALL_TABLES');
  });

  it('refuse a value too long for its column instead of truncating it', async () => {
    const insert = database.db
      .insertInto('users')
      .values({ id: randomUUID(), email: `${'x'.repeat(1100)}@example.com`, password_hash: 'h' }); // over varchar(1024)
    await expect(withDatabaseErrors(() => insert.execute())).rejects.toMatchObject({
      code: 'validation_error',
    });
  });

  it('run in UTC and strict mode on the direct path too, on connections kysely never saw', async () => {
    const fresh = await createDatabase(testDb.url, { verify: false, poolSize: 3 });
    try {
      const session = prepareQuery(
        () =>
          sql<{ tz: string }>`select @@session.time_zone as tz, @@session.sql_mode as mode, sleep(0.05) as s`,
      );
      // Three at once on a pool of three: each on a connection of its own, straight from the pool.
      const sessions = await Promise.all([1, 2, 3].map(() => fresh.executor.rows(session, [])));
      for (const rows of sessions) {
        expect(rows).toMatchObject([{ tz: '+00:00', mode: expect.stringContaining('STRICT_ALL_TABLES') }]);
      }
    } finally {
      await fresh.destroy();
    }
  });
});
