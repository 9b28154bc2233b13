import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TrussError } from '@truss/core';
import { type Dialect, SqliteDialect } from 'kysely';
import { loadDriver } from './load-driver.js';
import type { SqliteDatabaseTarget } from './parse-database-url.js';

/**
 * A kysely dialect on one better-sqlite3 connection (kysely serializes its use). A file database
 * gets its folder created, WAL journaling and a busy timeout; every database enforces foreign keys.
 */
export async function createSqliteDialect(target: SqliteDatabaseTarget): Promise<Dialect> {
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
    return new SqliteDialect({ database });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TrussError(
      'service_unavailable',
      `Cannot open the SQLite database at ${target.filename}: ${reason}`,
      {
        cause: error,
      },
    );
  }
}
