/** Runs one statement on a pool connection of its own (autocommit), answering its rows. */
export type PoolQuery = (sql: string, parameters: readonly unknown[]) => Promise<unknown[]>;

const queries = new WeakMap<object, PoolQuery>();

/** Records that `owner` (a kysely dialect or instance) runs on a pool that `query` reaches. */
export function registerPoolQuery(owner: object, query: PoolQuery): void {
  queries.set(owner, query);
}

/** Gives `to` (a kysely instance) the pool query registered for `from` (its dialect). */
export function sharePoolQuery(from: object, to: object): void {
  const query = queries.get(from);
  if (query) queries.set(to, query);
}

/**
 * The pool under `db` when `db` is a kysely instance that `createDatabase` opened on PostgreSQL
 * (never a transaction, nor an instance with plugins): a single statement outside a transaction
 * can go to the pool directly, as kysely would send it (`pool.connect()`, `query`, `release()`),
 * without kysely's executor around it. MySQL is not registered: its sessions are set up by
 * kysely's `onCreateConnection`, which a direct call could bypass on a fresh connection.
 */
export function poolQueryOf(db: object): PoolQuery | undefined {
  return queries.get(db);
}
