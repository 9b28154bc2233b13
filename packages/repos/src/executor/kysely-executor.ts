import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import type { Database } from '../schema.js';
import type { Executor } from './executor.js';
import type { CompileTarget, PreparedBatch, PreparedQuery } from './prepared-query.js';

/**
 * The parts of an {@link Executor} a dialect replaces (its fast paths), and how it makes the
 * executor of a transaction. Whatever is left out goes through kysely.
 *
 * @example
 * ```ts
 * const executor = createKyselyExecutor(db, {
 *   one: (query, parameters) => viaPool(query.compile({ db, dialect: 'postgres' }).sql, parameters),
 *   inTransaction: (trx) => createKyselyExecutor(trx),
 * });
 * ```
 */
export interface ExecutorParts
  extends Partial<Pick<Executor, 'rows' | 'one' | 'batch' | 'yieldBetweenBatches'>> {
  /** The executor of a transaction opened on this one. Default: kysely only, on the transaction. */
  inTransaction?: (trx: Kysely<Database>) => Executor;
}

/**
 * Runs `query` through kysely on `on.db` (an instance or a transaction) and answers its rows.
 *
 * @example
 * ```ts
 * const rows = await kyselyRows({ db: trx, dialect: 'postgres' }, byId, [id]);
 * ```
 */
export async function kyselyRows<R>(
  on: CompileTarget,
  query: PreparedQuery<R>,
  parameters: readonly unknown[],
): Promise<R[]> {
  const result = await on.db.executeQuery(query.withParameters(on, parameters));
  return result.rows;
}

/**
 * {@link kyselyRows} for a query of at most one row: the row, or `null`.
 *
 * @example
 * ```ts
 * const row = await kyselyOne({ db: trx, dialect: 'sqlite' }, byId, [id]);
 * ```
 */
export async function kyselyOne<R>(
  on: CompileTarget,
  query: PreparedQuery<R>,
  parameters: readonly unknown[],
): Promise<R | null> {
  const [row] = await kyselyRows(on, query, parameters);
  return row ?? null;
}

/**
 * Runs the statements of `batch` one after the other through kysely: in `on.db`'s transaction
 * when it is one, in a transaction of their own otherwise.
 *
 * @example
 * ```ts
 * await kyselyBatch({ db, dialect: 'mysql' }, insertOrder, [orderParameters, itemParameters]);
 * ```
 */
export function kyselyBatch(
  on: CompileTarget,
  batch: PreparedBatch,
  parameters: readonly (readonly unknown[])[],
): Promise<void> {
  const run = async (trx: Kysely<Database>) => {
    const target = { db: trx, dialect: on.dialect };
    for (const [index, query] of batch.queries.entries()) {
      await trx.executeQuery(query.withParameters(target, parameters[index] ?? []));
    }
  };
  return on.db.isTransaction ? run(on.db) : on.db.transaction().execute(run);
}

const resolved = Promise.resolve();

/**
 * An {@link Executor} on a kysely instance (or transaction): every statement goes through kysely,
 * except the `parts` a dialect replaces. `transaction` opens a kysely transaction and hands `work`
 * the executor of `parts.inTransaction` on it; on a transaction it joins it. Throws a
 * `validation_error` `TrussError` when `db` is not a kysely instance on PostgreSQL, MySQL/MariaDB or
 * SQLite.
 *
 * @example
 * ```ts
 * const executor = createKyselyExecutor(db);
 * await executor.transaction(async (trx) => {
 *   await trx.batch(insertOrder, [orderParameters, itemParameters]);
 * });
 * ```
 */
export function createKyselyExecutor(db: Kysely<Database>, parts: ExecutorParts = {}): Executor {
  const dialect = dialectOf(db);
  const on = { db, dialect };
  const inTransaction = parts.inTransaction ?? ((trx: Kysely<Database>) => createKyselyExecutor(trx));
  const self: Executor = Object.freeze({
    dialect,
    db,
    rows: parts.rows ?? ((query, parameters) => kyselyRows(on, query, parameters)),
    one: parts.one ?? ((query, parameters) => kyselyOne(on, query, parameters)),
    batch: parts.batch ?? ((batch, parameters) => kyselyBatch(on, batch, parameters)),
    transaction: <T>(work: (executor: Executor) => Promise<T>) =>
      db.isTransaction ? work(self) : db.transaction().execute((trx) => work(inTransaction(trx))),
    yieldBetweenBatches: parts.yieldBetweenBatches ?? (() => resolved),
  });
  return self;
}
