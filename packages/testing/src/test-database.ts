import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDriver } from './optional-driver.js';
import { serviceUrl } from './services.js';

/** A database that exists for one test file only. */
export interface TestDatabase {
  /** A `DATABASE_URL` for it: `postgres://…`, `mysql://…` or `sqlite:<path>`. */
  readonly url: string;
  /** Which kind of database it is. */
  readonly kind: TestDatabaseKind;
  /** Drops the database (or deletes the SQLite file). */
  drop(): Promise<void>;
}

/** The databases Truss runs on. */
export type TestDatabaseKind = 'postgres' | 'mysql' | 'sqlite';

function uniqueName(): string {
  return `truss_t_${process.pid}_${randomBytes(4).toString('hex')}`;
}

async function createPostgres(): Promise<TestDatabase> {
  const { default: pg } = await importDriver('pg', () => import('pg'), "createTestDatabase('postgres')");
  const adminUrl = serviceUrl('postgres');
  const name = uniqueName();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'postgres',
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function createMysql(): Promise<TestDatabase> {
  const mysql = await importDriver('mysql2', () => import('mysql2/promise'), "createTestDatabase('mysql')");
  const adminUrl = serviceUrl('mysql');
  const name = uniqueName();
  const run = async (sql: string) => {
    const connection = await mysql.createConnection({ uri: adminUrl });
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  };
  await run(`create database ${name} character set utf8mb4 collate utf8mb4_unicode_ci`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), kind: 'mysql', drop: () => run(`drop database if exists ${name}`) };
}

async function createSqlite(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'truss-test-'));
  return {
    url: `sqlite:${join(dir, 'test.db')}`,
    kind: 'sqlite',
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * Creates an empty database of its own for a test file on the real server (PostgreSQL, MySQL/MariaDB)
 * or as a SQLite file in a temporary folder, so parallel runs never collide. Drop it in `afterAll`.
 *
 * @example
 * ```ts
 * const db = await createTestDatabase('postgres');
 * afterAll(() => db.drop());
 * ```
 */
export function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  switch (kind) {
    case 'postgres':
      return createPostgres();
    case 'mysql':
      return createMysql();
    case 'sqlite':
      return createSqlite();
  }
}
