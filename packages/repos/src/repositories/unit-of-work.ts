import { isTrussError, TrussError, type UnitOfWork } from '@truss/core';
import { classifyDatabaseError, toTrussError } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import type { RepositoriesOptions } from './create-repositories.js';
import { repositoriesOn } from './repositories-on.js';

/** How many times in all a unit of work runs while the database keeps aborting it for a deadlock. */
export const CONCURRENT_UPDATE_ATTEMPTS = 4;

/** A deadlock or serialization failure, raw or wrapped in the `TrussError` of a repository. */
function isConcurrentUpdate(error: unknown): boolean {
  if (classifyDatabaseError(error) === 'concurrent_update') return true;
  return (
    isTrussError(error) &&
    error.code === 'conflict' &&
    classifyDatabaseError(error.cause) === 'concurrent_update'
  );
}

/** A short random pause, longer at each attempt, so that the transactions that collided part. */
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));

/**
 * A {@link UnitOfWork} on `source` (an executor, or a kysely instance): `run(work)` opens a
 * transaction ({@link Executor.transaction}), hands `work` every repository bound to it — every
 * statement then runs on the transaction's connection, never on a fast path beside it — commits
 * when `work` resolves and rolls back when it throws (rethrowing the error). On an executor bound to
 * a transaction, it joins it.
 *
 * A transaction the database aborts for a deadlock or a serialization failure (concurrent orders
 * and event consumers touching the same rows on MariaDB, say) is run again from the start, after a
 * short random pause, up to {@link CONCURRENT_UPDATE_ATTEMPTS} times in all — so keep `work` to
 * database changes: anything else it does runs again too. After that, and for every other database
 * failure, the error comes out as a `TrussError` (`conflict` for a deadlock).
 *
 * @example
 * ```ts
 * const order = await createUnitOfWork(database.executor).run(async ({ products, orders, outbox }) => {
 *   if (!(await products.decrementStock(productId, 2))) throw new TrussError('conflict', 'Out of stock');
 *   const created = await orders.create(newOrder);
 *   await outbox.append({ id: crypto.randomUUID(), topic: 'order.created', payload: { orderId: created.id } });
 *   return created;
 * });
 * ```
 */
export function createUnitOfWork(source: RepositorySource, options: RepositoriesOptions = {}): UnitOfWork {
  const executor = executorOf(source);
  const settings = { clock: options.clock, cipher: options.cipher };
  return {
    async run(work) {
      if (typeof work !== 'function')
        throw new TrussError('validation_error', 'A unit of work needs a function');
      if (executor.db.isTransaction) return work(repositoriesOn(executor, settings));
      for (let attempt = 1; ; attempt++) {
        try {
          return await executor.transaction((trx) => work(repositoriesOn(trx, settings)));
        } catch (error) {
          if (attempt < CONCURRENT_UPDATE_ATTEMPTS && isConcurrentUpdate(error)) {
            await pause(attempt);
            continue;
          }
          // Errors of `work` itself pass through unchanged; driver errors become TrussErrors.
          if (isTrussError(error) || classifyDatabaseError(error) === 'unknown') throw error;
          throw toTrussError(error);
        }
      }
    },
  };
}
