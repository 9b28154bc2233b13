import {
  type Clock,
  isTrussError,
  type TransactionRepositories,
  TrussError,
  type UnitOfWork,
} from '@truss/core';
import { createAuditLogRepository } from './audit/audit-log-repository.js';
import type { TrussDatabase } from './connect/create-database.js';
import { classifyDatabaseError, toTrussError } from './errors.js';
import { executorOf, type RepositorySource } from './executor/create-executor.js';
import type { Executor } from './executor/executor.js';
import { createOrderRepository } from './orders/order-repository.js';
import { createOutboxRepository } from './outbox/outbox-repository.js';
import { createProductRepository } from './products/product-repository.js';
import type { ReaderSource } from './reader.js';
import { createRefreshTokenRepository } from './tokens/refresh-token-repository.js';
import { createUserAdminRepository } from './users/user-admin-repository.js';
import { createUserRepository } from './users/user-repository.js';

/**
 * Options of {@link createRepositories} and {@link createUnitOfWork}.
 *
 * @example
 * ```ts
 * createRepositories(database, { clock: { now: () => new Date('2030-01-01T00:00:00Z') } });
 * ```
 */
export interface RepositoriesOptions {
  /** Source of timestamps. Default: the system clock. */
  clock?: Clock;
}

/**
 * Every repository, and a unit of work that hands out the same set bound to one transaction.
 *
 * @example
 * ```ts
 * const { products, unitOfWork }: Repositories = createRepositories(database);
 * ```
 */
export interface Repositories extends TransactionRepositories {
  unitOfWork: UnitOfWork;
}

function bind(executor: Executor, clock: Clock | undefined, reader?: ReaderSource): TransactionRepositories {
  const options = { ...(clock ? { clock } : {}), ...(reader ? { reader } : {}) };
  return {
    users: createUserRepository(executor, options),
    refreshTokens: createRefreshTokenRepository(executor),
    products: createProductRepository(executor, options),
    orders: createOrderRepository(executor, options),
    outbox: createOutboxRepository(executor, options),
    auditLog: createAuditLogRepository(executor, options),
    userAdmin: createUserAdminRepository(executor, options),
  };
}

/**
 * A {@link UnitOfWork} on `source` (an executor, or a kysely instance): `run(work)` opens a
 * transaction ({@link Executor.transaction}), hands `work` every repository bound to it — every
 * statement then runs on the transaction's connection, never on a fast path beside it — commits
 * when `work` resolves and rolls back when it throws (rethrowing the error). On an executor bound to
 * a transaction, it joins it. A database failure at commit (a serialization failure, a
 * deadlock) comes out as a `TrussError`.
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
  return {
    async run(work) {
      if (typeof work !== 'function')
        throw new TrussError('validation_error', 'A unit of work needs a function');
      if (executor.db.isTransaction) return work(bind(executor, options.clock));
      try {
        return await executor.transaction((trx) => work(bind(trx, options.clock)));
      } catch (error) {
        // Errors of `work` itself pass through unchanged; driver errors become TrussErrors.
        if (isTrussError(error) || classifyDatabaseError(error) === 'unknown') throw error;
        throw toTrussError(error);
      }
    },
  };
}

function isTrussDatabase(value: unknown): value is TrussDatabase {
  return (
    typeof value === 'object' &&
    value !== null &&
    'executor' in value &&
    typeof (value as TrussDatabase).readExecutor === 'function'
  );
}

/**
 * Every repository on one database, wired as the reference server needs them: given a
 * {@link TrussDatabase}, they run on its {@link TrussDatabase.executor} (the driver's fast paths)
 * and plain reads go to its replicas (when it has any); the unit of work and everything inside it
 * use the primary. Given an executor or a kysely instance, everything runs on it.
 *
 * @example
 * ```ts
 * const database = await createDatabase(process.env.DATABASE_URL ?? 'sqlite:./data/truss.db');
 * await migrateToLatest(database.db);
 * const { users, products, orders, unitOfWork } = createRepositories(database);
 * ```
 */
export function createRepositories(
  database: TrussDatabase | RepositorySource,
  options: RepositoriesOptions = {},
): Repositories {
  const executor = isTrussDatabase(database) ? database.executor : executorOf(database);
  const reader =
    isTrussDatabase(database) && database.replicas.length > 0 ? database.readExecutor : undefined;
  return { ...bind(executor, options.clock, reader), unitOfWork: createUnitOfWork(executor, options) };
}
