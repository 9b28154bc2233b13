/**
 * The part of a better-sqlite3 database kysely's SQLite dialect uses.
 *
 * @example
 * ```ts
 * const database: SqliteDatabaseLike = new BetterSqlite(':memory:');
 * ```
 */
export type SqliteDatabaseLike = Pick<import('better-sqlite3').Database, 'prepare' | 'close'>;

/** How many prepared statements a connection keeps. */
const STATEMENT_CACHE_SIZE = 200;

/**
 * `database` with its prepared statements kept by SQL text, so a repeated query skips SQLite's
 * parser and planner (kysely prepares a statement for every query). kysely uses the one connection
 * serially, so a statement is never in use twice at once. Least recently used go first.
 *
 * @example
 * ```ts
 * const cached = withStatementCache(new BetterSqlite(':memory:'));
 * const dialect = new SqliteDialect({ database: cached });
 * ```
 */
export function withStatementCache(database: SqliteDatabaseLike): SqliteDatabaseLike {
  const cache = new Map<string, ReturnType<SqliteDatabaseLike['prepare']>>();
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
  } as SqliteDatabaseLike;
}
