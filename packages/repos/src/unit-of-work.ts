import {
  type Clock,
  isTrussError,
  type TransactionRepositories,
  TrussError,
  type UnitOfWork,
} from '@truss/core';
import type { Kysely } from 'kysely';
import { createAuditLogRepository } from './audit/audit-log-repository.js';
import type { TrussDatabase } from './connect/create-database.js';
import { dialectOf } from './dialect.js';
import { classifyDatabaseError, toTrussError } from './errors.js';
import { createOrderRepository } from './orders/order-repository.js';
import { createOutboxRepository } from './outbox/outbox-repository.js';
import { createProductRepository } from './products/product-repository.js';
import type { ReaderSource } from './reader.js';
import type { Database } from './schema.js';
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

function bind(
  db: Kysely<Database>,
  clock: Clock | undefined,
  reader?: ReaderSource,
): TransactionRepositories {
  const options = { ...(clock ? { clock } : {}), ...(reader ? { reader } : {}) };
  return {
    users: createUserRepository(db, options),
    refreshTokens: createRefreshTokenRepository(db),
    products: createProductRepository(db, options),
    orders: createOrderRepository(db, options),
    outbox: createOutboxRepository(db, options),
    auditLog: createAuditLogRepository(db, options),
    userAdmin: createUserAdminRepository(db, options),
  };
}

/**
 * A {@link UnitOfWork} on `db`: `run(work)` opens a transaction, hands `work` every repository
 * bound to it, commits when `work` resolves and rolls back when it throws (rethrowing the error).
 * Called on a transaction, it joins it. A database failure at commit (a serialization failure, a
 * deadlock) comes out as a `TrussError`.
 *
 * @example
 * ```ts
 * const order = await createUnitOfWork(db).run(async ({ products, orders, outbox }) => {
 *   if (!(await products.decrementStock(productId, 2))) throw new TrussError('conflict', 'Out of stock');
 *   const created = await orders.create(newOrder);
 *   await outbox.append({ id: crypto.randomUUID(), topic: 'order.created', payload: { orderId: created.id } });
 *   return created;
 * });
 * ```
 */
export function createUnitOfWork(db: Kysely<Database>, options: RepositoriesOptions = {}): UnitOfWork {
  dialectOf(db);
  return {
    async run(work) {
      if (typeof work !== 'function')
        throw new TrussError('validation_error', 'A unit of work needs a function');
      if (db.isTransaction) return work(bind(db, options.clock));
      try {
        return await db.transaction().execute((trx) => work(bind(trx, options.clock)));
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
    'db' in value &&
    typeof (value as TrussDatabase).reader === 'function'
  );
}

/**
 * Every repository on one database, wired as the reference server needs them: given a
 * {@link TrussDatabase}, plain reads go to its replicas (when it has any); the unit of work and
 * everything inside it use the primary.
 *
 * @example
 * ```ts
 * const database = await createDatabase(process.env.DATABASE_URL ?? 'sqlite:./data/truss.db');
 * await migrateToLatest(database.db);
 * const { users, products, orders, unitOfWork } = createRepositories(database);
 * ```
 */
export function createRepositories(
  database: TrussDatabase | Kysely<Database>,
  options: RepositoriesOptions = {},
): Repositories {
  const db = isTrussDatabase(database) ? database.db : database;
  const reader = isTrussDatabase(database) && database.replicas.length > 0 ? database.reader : undefined;
  return { ...bind(db, options.clock, reader), unitOfWork: createUnitOfWork(db, options) };
}
