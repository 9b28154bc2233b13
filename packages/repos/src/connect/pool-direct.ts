/** Runs one statement on a pool connection of its own (autocommit), answering its rows. */
export type PoolQuery = (sql: string, parameters: readonly unknown[]) => Promise<unknown[]>;

/**
 * Runs statements, in order, in one transaction on a pool connection of its own: `BEGIN`, each
 * statement, `COMMIT`; on any failure `ROLLBACK` (a connection whose rollback fails is destroyed)
 * and the failure is thrown.
 */
export type PoolBatch = (
  statements: readonly (readonly [sql: string, parameters: readonly unknown[]])[],
) => Promise<void>;

interface Direct {
  readonly query: PoolQuery;
  readonly batch?: PoolBatch;
}

const queries = new WeakMap<object, Direct>();

/** Records that `owner` (a kysely dialect or instance) runs on a pool that `query` reaches. */
export function registerPoolQuery(owner: object, query: PoolQuery, batch?: PoolBatch): void {
  queries.set(owner, batch ? { query, batch } : { query });
}

/** Gives `to` (a kysely instance) the pool query registered for `from` (its dialect). */
export function sharePoolQuery(from: object, to: object): void {
  const direct = queries.get(from);
  if (direct) queries.set(to, direct);
}

/** The {@link PoolBatch} of `db`'s pool, on the same terms as {@link poolQueryOf} (MySQL only). */
export function poolBatchOf(db: object): PoolBatch | undefined {
  return queries.get(db)?.batch;
}

/**
 * The pool under `db` when `db` is a kysely instance that `createDatabase` opened on PostgreSQL or
 * MySQL/MariaDB (never a transaction, nor an instance with plugins): a single statement outside a
 * transaction can go to the pool directly, as kysely would send it (check a connection out, query,
 * release), without kysely's executor around it. On MySQL the connection's session is set up
 * first, as kysely's `onCreateConnection` does.
 */
export function poolQueryOf(db: object): PoolQuery | undefined {
  return queries.get(db)?.query;
}
