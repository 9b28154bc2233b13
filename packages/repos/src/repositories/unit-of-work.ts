import { isTrussError, TrussError, type UnitOfWork } from '@truss/core';
import { classifyDatabaseError, toTrussError } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import type { RepositoriesOptions } from './create-repositories.js';
import { repositoriesOn } from './repositories-on.js';

/**
 * A {@link UnitOfWork} on `source` (an executor, or a kysely instance): `run(work)` opens a
 * transaction ({@link Executor.transaction}), hands `work` every repository bound to it — every
 * statement then runs on the transaction's connection, never on a fast path beside it — commits
 * when `work` resolves and rolls back when it throws (rethrowing the error). On an executor bound to
 * a transaction, it joins it. A database failure at commit (a serialization failure, a deadlock)
 * comes out as a `TrussError`.
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
      try {
        return await executor.transaction((trx) => work(repositoriesOn(trx, settings)));
      } catch (error) {
        // Errors of `work` itself pass through unchanged; driver errors become TrussErrors.
        if (isTrussError(error) || classifyDatabaseError(error) === 'unknown') throw error;
        throw toTrussError(error);
      }
    },
  };
}
