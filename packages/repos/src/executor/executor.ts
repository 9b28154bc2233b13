import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import type { Database } from '../schema.js';
import type { PreparedBatch, PreparedQuery } from './prepared-query.js';

/**
 * A value, or a promise of it: what {@link Executor.one} answers, synchronously where the driver is
 * synchronous (SQLite).
 *
 * @example
 * ```ts
 * const row: MaybePromise<UserRow | null> = executor.one(byId, [id]);
 * const user = await row; // awaiting a plain value is fine too
 * ```
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * How the repositories run their statements on one database: the per-database fast paths (SQLite's
 * synchronous connection, statements sent straight to the `pg` or `mysql2` pool, PostgreSQL's
 * single-statement batch) sit behind it, in `src/dialects/<name>/<name>-executor.ts`.
 * {@link createDatabase} builds the executor of its database and hands it over as
 * {@link TrussDatabase.executor}; repositories take it explicitly (or a plain kysely instance, for
 * which {@link createExecutor} builds one that goes through kysely only).
 *
 * Inside a transaction ({@link Executor.transaction}, a unit of work) every statement runs on the
 * transaction's connection through kysely: no fast path skips it.
 *
 * @example
 * ```ts
 * const byId = prepareQuery((db) => db.selectFrom('users').selectAll().where('id', '=', ''));
 * const database = await createDatabase('sqlite::memory:');
 * const row = await database.executor.one(byId, [id]);
 * ```
 */
export interface Executor {
  /** Which database it runs on (MariaDB is `mysql`). */
  readonly dialect: DialectName;
  /**
   * The kysely instance its statements run on — a transaction inside {@link Executor.transaction}.
   * Build any other query on it.
   */
  readonly db: Kysely<Database>;
  /** Runs `query` with `parameters` (in the order of its placeholders) and answers its rows. */
  rows<R>(query: PreparedQuery<R>, parameters: readonly unknown[]): Promise<R[]>;
  /**
   * Runs a query of at most one row (a key lookup) and answers the row, or `null` when there is
   * none. Answers synchronously when it can (SQLite's connection is free), a promise otherwise.
   * Driver errors are thrown (or rejected) as they are.
   */
  one<R>(query: PreparedQuery<R>, parameters: readonly unknown[]): MaybePromise<R | null>;
  /**
   * Runs the statements of `batch`, `parameters[i]` for the i-th, atomically: all of them or none.
   * Inside a transaction they join it. The statements must not read each other's effects:
   * PostgreSQL runs them as one statement (data-modifying `WITH`s), atomic on its own.
   */
  batch(batch: PreparedBatch, parameters: readonly (readonly unknown[])[]): Promise<void>;
  /**
   * Runs `work` in a transaction, with an executor bound to it (everything it runs uses the
   * transaction's connection), committing when `work` resolves and rolling back when it throws.
   * On an executor that is already bound to a transaction, `work` joins it.
   */
  transaction<T>(work: (executor: Executor) => Promise<T>): Promise<T>;
  /**
   * Lets other work (timers, I/O, other requests) run before the next batch of a long read. On
   * SQLite, whose driver is synchronous, a scan would otherwise run in microtasks from start to
   * end; elsewhere every query already waits on the network, and this resolves at once.
   */
  yieldBetweenBatches(): Promise<void>;
}
