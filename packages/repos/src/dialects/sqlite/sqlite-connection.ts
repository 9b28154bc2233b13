import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TrussError } from '@truss/core';
import { SqliteDialect } from 'kysely';
import { loadDriver } from '../../connect/load-driver.js';
import type { SqliteDatabaseTarget } from '../../connect/parse-database-url.js';
import type { DialectConnection } from '../dialect-connection.js';
import { createSqliteExecutor } from './sqlite-executor.js';
import type { SqliteHandle, SqliteStatement } from './sqlite-handle.js';
import { withStatementCache } from './sqlite-statement-cache.js';

/**
 * Opens one better-sqlite3 connection (kysely serializes its use) and the kysely dialect on it. A
 * file database gets its folder created, WAL journaling and a busy timeout; every database enforces
 * foreign keys. The executor it makes runs the hot paths synchronously on the same connection and
 * statement cache (see {@link createSqliteExecutor}). A database that cannot be opened is a
 * `service_unavailable` `TrussError`.
 *
 * @example
 * ```ts
 * const connection = await createSqliteConnection(parseDatabaseUrl('sqlite::memory:') as SqliteDatabaseTarget);
 * const db = new Kysely<Database>({ dialect: connection.dialect });
 * const executor = connection.executor(db);
 * ```
 */
export async function createSqliteConnection(target: SqliteDatabaseTarget): Promise<DialectConnection> {
  const { default: BetterSqlite } = await loadDriver(
    'better-sqlite3',
    'SQLite',
    () => import('better-sqlite3'),
  );
  const memory = target.filename === ':memory:';
  try {
    if (!memory) mkdirSync(dirname(target.filename), { recursive: true });
    const database = new BetterSqlite(target.filename);
    if (!memory) database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    const cached = withStatementCache(database);
    const atomically = database.transaction((work: () => unknown) => work());
    const handle: SqliteHandle = {
      connection: database,
      prepare: (sql) => cached.prepare(sql) as unknown as SqliteStatement,
      atomically: atomically as SqliteHandle['atomically'],
    };
    return {
      dialect: new SqliteDialect({ database: cached }),
      executor: (db) => createSqliteExecutor(db, handle),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TrussError(
      'service_unavailable',
      `Cannot open the SQLite database at ${target.filename}: ${reason}`,
      { cause: error },
    );
  }
}
