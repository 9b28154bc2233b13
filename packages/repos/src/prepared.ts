import type { CompiledQuery, Kysely } from 'kysely';
import { poolQueryOf } from './connect/pool-direct.js';
import {
  isConnectionBusy,
  type SqliteSync,
  type SyncStatement,
  sqliteSyncOf,
} from './connect/sqlite-sync.js';
import type { Database } from './schema.js';

/** A query of {@link prepared}. */
export interface Prepared<R> {
  /** Runs the query on `db` (an instance or a transaction) with these parameters. */
  (db: Kysely<Database>, ...parameters: unknown[]): Promise<R[]>;
  /**
   * The query as a statement on SQLite's synchronous connection (see `sqliteSyncOf`), for work
   * that runs several statements inside `atomically`. `db` is any instance on that database.
   */
  statementOn(db: Kysely<Database>, sqlite: SqliteSync): SyncStatement;
  /** The compiled SQL (compiling it on `db` first if needed), for a batch of statements. */
  sqlFor(db: Kysely<Database>): string;
  /**
   * Runs the query synchronously when SQLite's synchronous connection is free (see
   * `sqliteSyncOf`), answering its rows; `undefined` when it did not run (another database, a
   * transaction, a busy connection): then call the query itself. Driver errors are thrown as is.
   */
  now(db: Kysely<Database>, parameters: unknown[]): R[] | undefined;
  /**
   * {@link Prepared.now} for a query of at most one row (a key lookup): the row, `null` when there
   * is none, `undefined` when it did not run.
   */
  oneNow(db: Kysely<Database>, parameters: unknown[]): R | null | undefined;
}

/**
 * A query built and compiled once, then run with fresh parameters: the hot paths (lookups by
 * key) skip kysely's builder and compiler on every call. `build` must produce a query whose
 * parameters are exactly the ones passed to the returned function, in order; it is compiled
 * lazily, against the dialect of the instance that runs it first (a repository's instances all
 * share one dialect).
 *
 * On a SQLite database opened by `createDatabase`, when no transaction holds the connection, the
 * statement runs synchronously on better-sqlite3 (the same SQL, the same cached statement, the
 * same rows) instead of through kysely's promise-wrapped driver and connection mutex. On
 * PostgreSQL, outside a transaction, it goes to the `pg` pool directly (see `poolQueryOf`).
 */
export function prepared<R>(build: (db: Kysely<Database>) => { compile(): CompiledQuery<R> }): Prepared<R> {
  let compiled: CompiledQuery<R> | undefined;
  let sync: { owner: SqliteSync; statement: SyncStatement } | undefined;
  const statementOn = (db: Kysely<Database>, sqlite: SqliteSync) => {
    compiled ??= build(db).compile();
    if (sync?.owner !== sqlite) sync = { owner: sqlite, statement: sqlite.statement(compiled.sql) };
    return sync.statement;
  };
  /** Runs `use` on the statement when the synchronous connection is free; `undefined` when not. */
  const attempt = <T>(db: Kysely<Database>, use: (statement: SyncStatement) => T): T | undefined => {
    const sqlite = sqliteSyncOf(db);
    if (sqlite === undefined) return undefined;
    try {
      return use(statementOn(db, sqlite));
    } catch (error) {
      if (isConnectionBusy(error)) return undefined;
      throw error;
    }
  };
  const now = (db: Kysely<Database>, parameters: unknown[]) =>
    attempt(db, (statement) => {
      if (statement.reader) return statement.all(parameters) as R[];
      statement.run(parameters);
      return [];
    });
  const oneNow = (db: Kysely<Database>, parameters: unknown[]): R | null | undefined => {
    const sqlite = sqliteSyncOf(db);
    if (sqlite === undefined) return undefined;
    try {
      return (statementOn(db, sqlite).get(...parameters) as R | undefined) ?? null;
    } catch (error) {
      if (isConnectionBusy(error)) return undefined;
      throw error;
    }
  };
  const run = async (db: Kysely<Database>, ...parameters: unknown[]) => {
    const rows = now(db, parameters);
    if (rows !== undefined) return rows;
    compiled ??= build(db).compile();
    const direct = poolQueryOf(db);
    if (direct !== undefined) return (await direct(compiled.sql, parameters)) as R[];
    const result = await db.executeQuery<R>({ ...compiled, parameters });
    return result.rows;
  };
  const sqlFor = (db: Kysely<Database>) => {
    compiled ??= build(db).compile();
    return compiled.sql;
  };
  return Object.assign(run, { statementOn, now, oneNow, sqlFor });
}
