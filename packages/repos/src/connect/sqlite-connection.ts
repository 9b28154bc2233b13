import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TrussError } from '@truss/core';
import { type Dialect, SqliteDialect } from 'kysely';
import { loadDriver } from './load-driver.js';
import type { SqliteDatabaseTarget } from './parse-database-url.js';
import { registerSqliteSync, type SyncDatabase, type SyncStatement } from './sqlite-sync.js';

/** The part of a better-sqlite3 database kysely uses. */
type SqliteHandle = Pick<import('better-sqlite3').Database, 'prepare' | 'close'>;

/** How many prepared statements a connection keeps. */
const STATEMENT_CACHE_SIZE = 200;

/**
 * The database with its prepared statements kept by SQL text, so a repeated query skips
 * SQLite's parser and planner (kysely prepares a statement for every query). kysely uses the one
 * connection serially, so a statement is never in use twice at once. Least recently used go first.
 */
function withStatementCache(database: SqliteHandle): SqliteHandle {
  const cache = new Map<string, ReturnType<SqliteHandle['prepare']>>();
  return {
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
    close: () => database.close(),
  } as SqliteHandle;
}

/**
 * A kysely dialect on one better-sqlite3 connection (kysely serializes its use). A file database
 * gets its folder created, WAL journaling and a busy timeout; every database enforces foreign keys.
 * The connection and its statement cache are registered for the synchronous hot paths
 * (`sqliteSyncOf`).
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
    const cached = withStatementCache(database);
    const dialect = new SqliteDialect({ database: cached });
    registerSqliteSync(
      dialect,
      database as unknown as SyncDatabase,
      (sql) => cached.prepare(sql) as unknown as SyncStatement,
    );
    return dialect;
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
