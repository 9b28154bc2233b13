import { randomUUID } from 'node:crypto';
import type { User } from '@truss/core';
import {
  createTestDatabase,
  describeWithServices,
  type TestDatabase,
  type TestDatabaseKind,
} from '@truss/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import {
  createDatabase,
  createUserRepository,
  type Database,
  migrateToLatest,
  type TrussDatabase,
} from '../src/index.js';

/** Every database the repositories run on. `mysql` is MariaDB on this machine. */
export const DATABASE_KINDS: readonly TestDatabaseKind[] = ['sqlite', 'postgres', 'mysql'];

/** Options of {@link describeOnEachDatabase}. */
export interface EachDatabaseOptions {
  /** Run the migrations before the suite. Default `true`. */
  migrate?: boolean;
}

/**
 * Declares `body` once per database, each in a database of its own (dropped afterwards); the
 * server databases' suites skip when their service is down (and fail the run under `CI=true`).
 */
export function describeOnEachDatabase(
  name: string,
  body: (database: () => TrussDatabase, kind: TestDatabaseKind) => void,
  options: EachDatabaseOptions = {},
): void {
  for (const kind of DATABASE_KINDS) {
    describeWithServices(kind === 'sqlite' ? [] : [kind], `${name} (${kind})`, () => {
      let testDb: TestDatabase | undefined;
      let database: TrussDatabase | undefined;
      beforeAll(async () => {
        testDb = await createTestDatabase(kind);
        database = await createDatabase(testDb.url, { poolSize: 25 });
        if (options.migrate !== false) await migrateToLatest(database.db);
      });
      afterAll(async () => {
        await database?.destroy();
        await testDb?.drop();
      });
      body(() => {
        if (!database) throw new Error('the test database is not open yet');
        return database;
      }, kind);
    });
  }
}

/** Stores a new user with a random id and email, for tests that need a row to point at. */
export function insertTestUser(db: Kysely<Database>): Promise<User> {
  return createUserRepository(db, { cipher: null }).create({
    id: randomUUID(),
    email: `${randomUUID()}@example.com`,
    passwordHash: 'hash',
    firstName: null,
    lastName: null,
    role: 'user',
  });
}
