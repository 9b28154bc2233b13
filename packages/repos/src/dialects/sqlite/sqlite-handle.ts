/**
 * The parts of a better-sqlite3 statement the synchronous path uses. The anonymous parameters go
 * one per argument, or as one array of them.
 *
 * @example
 * ```ts
 * const statement: SqliteStatement = handle.prepare('select * from users where id = ?');
 * const row = statement.get(id);
 * ```
 */
export interface SqliteStatement {
  /** Whether the statement returns rows (`all`) rather than changes (`run`). */
  readonly reader: boolean;
  all(...parameters: unknown[]): unknown[];
  get(...parameters: unknown[]): unknown;
  run(...parameters: unknown[]): unknown;
}

/**
 * The synchronous better-sqlite3 connection under the kysely instance of a SQLite database opened by
 * {@link createDatabase}. kysely's SQLite dialect wraps this synchronous driver in promises and a
 * connection mutex; the SQLite executor calls it directly instead, through the same cached
 * statements, when nothing else holds the connection.
 *
 * @example
 * ```ts
 * if (!handle.connection.inTransaction) handle.atomically(() => statement.run(parameters));
 * ```
 */
export interface SqliteHandle {
  /**
   * The better-sqlite3 database itself, read for `inTransaction`: whether a transaction is open on
   * the connection (kysely holds it between its statements). Read directly, without a getter of
   * ours around it: it is checked on every lookup.
   */
  readonly connection: { readonly inTransaction: boolean };
  /** The statement for `sql`, prepared once (the cache kysely's dialect uses too). */
  prepare(sql: string): SqliteStatement;
  /** Runs `work` in one transaction (`BEGIN` … `COMMIT`, `ROLLBACK` when it throws). */
  atomically<T>(work: () => T): T;
}

/**
 * Whether better-sqlite3 refused a call because the connection is busy (an iterator of a streamed
 * query is open): nothing ran, and the caller should go through kysely, which waits its turn.
 *
 * @example
 * ```ts
 * try {
 *   return statement.get(id);
 * } catch (error) {
 *   if (!isConnectionBusy(error)) throw error;
 *   return viaKysely();
 * }
 * ```
 */
export function isConnectionBusy(error: unknown): boolean {
  return error instanceof TypeError && /busy executing a query/.test(error.message);
}
