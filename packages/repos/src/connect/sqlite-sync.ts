/** The parts of a better-sqlite3 statement the synchronous path uses. */
export interface SyncStatement {
  /** Whether the statement returns rows (`all`) rather than changes (`run`). */
  readonly reader: boolean;
  all(...parameters: unknown[]): unknown[];
  get(...parameters: unknown[]): unknown;
  run(...parameters: unknown[]): unknown;
}

/** The parts of a better-sqlite3 database the synchronous path uses. */
export interface SyncDatabase {
  readonly open: boolean;
  readonly inTransaction: boolean;
  transaction<F extends (...args: never[]) => unknown>(fn: F): F;
}

/**
 * The synchronous better-sqlite3 connection under a kysely instance that {@link createDatabase}
 * opened on SQLite. kysely's SQLite dialect wraps this synchronous driver in promises and a
 * connection mutex; hot paths (key lookups, order inserts) call it directly instead, through the
 * same cached prepared statements, when nothing else holds the connection.
 */
export interface SqliteSync {
  /** The statement for `sql`, prepared once (the cache kysely's dialect uses too). */
  statement(sql: string): SyncStatement;
  /** Runs `work` in one transaction (`BEGIN` … `COMMIT`, `ROLLBACK` when it throws). */
  atomically<T>(work: () => T): T;
}

interface Entry {
  readonly database: SyncDatabase;
  readonly sync: SqliteSync;
}

const entries = new WeakMap<object, Entry>();

/** Records that `owner` (a kysely dialect or instance) runs on `database`. */
export function registerSqliteSync(
  owner: object,
  database: SyncDatabase,
  prepare: (sql: string) => SyncStatement,
): void {
  const atomically = database.transaction((work: () => unknown) => work());
  entries.set(owner, {
    database,
    sync: { statement: prepare, atomically: atomically as SqliteSync['atomically'] },
  });
}

/** Gives `to` (a kysely instance) the synchronous connection registered for `from` (its dialect). */
export function shareSqliteSync(from: object, to: object): void {
  const entry = entries.get(from);
  if (entry) entries.set(to, entry);
}

/**
 * The synchronous connection under `db`, when it is free to use right now: `db` is a kysely
 * instance that {@link createDatabase} opened on SQLite (not a transaction, not one with plugins),
 * the connection is open, and no transaction is open on it. kysely runs a transaction's statements
 * one `await` apart while holding the connection; a synchronous call in between would join that
 * transaction, so then the caller must go through kysely, which waits for the connection.
 */
export function sqliteSyncOf(db: object): SqliteSync | undefined {
  const entry = entries.get(db);
  if (entry === undefined || entry.database.inTransaction || !entry.database.open) return undefined;
  return entry.sync;
}

/**
 * Whether better-sqlite3 refused a call because the connection is busy (an iterator of a streamed
 * query is open): nothing ran, and the caller should go through kysely, which waits its turn.
 */
export function isConnectionBusy(error: unknown): boolean {
  return error instanceof TypeError && /busy executing a query/.test(error.message);
}
