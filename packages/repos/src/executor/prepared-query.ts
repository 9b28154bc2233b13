import type { Compilable, CompiledQuery, Kysely, OperationNodeSource, RawBuilder } from 'kysely';
import type { DialectName } from '../dialect.js';
import type { Database } from '../schema.js';

/**
 * Where a prepared query is compiled: a kysely instance and its dialect (an {@link Executor} fits).
 *
 * @example
 * ```ts
 * const { sql } = byId.compile({ db: database.db, dialect: database.dialect });
 * ```
 */
export interface CompileTarget {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
}

/** One remembered value: `make()` for `key`, kept until another key asks. */
interface Slot {
  key: object;
  value: unknown;
}

/**
 * What {@link prepareQuery} takes: a kysely query builder, or a `sql` template (either compiles,
 * and embeds in a larger statement).
 *
 * @example
 * ```ts
 * const insert: QueryBuilderLike<unknown> = db.insertInto('orders').values(orderTemplate);
 * const raw: QueryBuilderLike<{ n: number }> = sql<{ n: number }>`select 1 as n`;
 * ```
 */
export type QueryBuilderLike<R> = (Compilable<R> & OperationNodeSource) | RawBuilder<R>;

/**
 * A query built and compiled once, then run with fresh parameters by an {@link Executor}: the hot
 * paths (lookups by key, order inserts) skip kysely's builder and compiler on every call.
 *
 * @example
 * ```ts
 * const byEmail: PreparedQuery<Selectable<UsersTable>> = prepareQuery((db) =>
 *   db.selectFrom('users').selectAll().where('email', '=', ''),
 * );
 * const row = await executor.one(byEmail, ['ada@example.com']);
 * ```
 */
export interface PreparedQuery<R> {
  /**
   * Builds the query on `db` (a kysely query builder); its parameters are the placeholders the
   * callers fill, in order.
   */
  readonly build: (db: Kysely<Database>) => QueryBuilderLike<R>;
  /** The query compiled on `on.db`: compiled once per dialect, then kept. */
  compile(on: CompileTarget): CompiledQuery<R>;
  /** The compiled query with `parameters` in place of the placeholders, for `db.executeQuery`. */
  withParameters(on: CompileTarget, parameters: readonly unknown[]): CompiledQuery<R>;
  /**
   * What an executor derives from the query for one connection (a driver's prepared statement):
   * `make(query)` once for `key`, kept while the same key asks (one slot). Pass a `make` made
   * once, not a closure per call: this is on the hot path.
   */
  memo<H>(key: object, make: (query: PreparedQuery<R>) => H): H;
}

/**
 * A {@link PreparedQuery} of the query `build` makes. `build` must produce a query whose
 * parameters are exactly the ones passed to the executor, in order (build it with placeholder
 * values). It is compiled lazily, once per dialect it runs on.
 *
 * @example
 * ```ts
 * const byId = prepareQuery((db) => db.selectFrom('products').selectAll().where('id', '=', ''));
 * const product = await executor.one(byId, [productId]);
 * ```
 */
export function prepareQuery<R>(build: (db: Kysely<Database>) => QueryBuilderLike<R>): PreparedQuery<R> {
  const compiled: Partial<Record<DialectName, CompiledQuery<R>>> = {};
  const compile = ({ db, dialect }: CompileTarget) => {
    // A query builder compiles on its own (and ignores the argument); a `sql` template needs `db`.
    compiled[dialect] ??= (build(db) as RawBuilder<R>).compile(db);
    return compiled[dialect];
  };
  let slot: Slot | undefined;
  const query: PreparedQuery<R> = Object.freeze({
    build,
    compile,
    withParameters: (on: CompileTarget, parameters: readonly unknown[]) => ({
      ...compile(on),
      parameters,
    }),
    memo<H>(key: object, make: (query: PreparedQuery<R>) => H): H {
      if (slot?.key !== key) slot = { key, value: make(query) };
      return slot.value as H;
    },
  });
  return query;
}

/**
 * Statements an {@link Executor} runs atomically with {@link Executor.batch} (an order and its
 * items), prepared once.
 *
 * @example
 * ```ts
 * const insert: PreparedBatch = prepareBatch([insertOrder, insertItems]);
 * await executor.batch(insert, [orderParameters, itemParameters]);
 * ```
 */
export interface PreparedBatch {
  /** The statements, in the order they run. */
  readonly queries: readonly PreparedQuery<unknown>[];
  /**
   * What an executor derives from the whole batch (PostgreSQL: one combined statement):
   * `make(batch)` once for `key`, kept while the same key asks (one slot).
   */
  memo<H>(key: object, make: (batch: PreparedBatch) => H): H;
}

/**
 * A {@link PreparedBatch} of `queries`, which run in this order.
 *
 * @example
 * ```ts
 * const insertOrder = prepareQuery((db) => db.insertInto('orders').values(orderTemplate));
 * const insertItem = prepareQuery((db) => db.insertInto('order_items').values(itemTemplate));
 * const batch = prepareBatch([insertOrder, insertItem]);
 * ```
 */
export function prepareBatch(queries: readonly PreparedQuery<unknown>[]): PreparedBatch {
  let slot: Slot | undefined;
  const batch: PreparedBatch = Object.freeze({
    queries: Object.freeze([...queries]),
    memo<H>(key: object, make: (batch: PreparedBatch) => H): H {
      if (slot?.key !== key) slot = { key, value: make(batch) };
      return slot.value as H;
    },
  });
  return batch;
}
