import { type Clock, type OrderRepository, systemClock } from '@truss/core';
import { isUuid } from '../dialect.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import { type ReadOptions, readerOf } from '../reader.js';
import { createOrder } from './create-order.js';
import { listOrders, listOrdersOfUser } from './list-orders.js';
import type { OrderContext } from './order-context.js';
import { createOrderInsert } from './order-insert.js';
import { findOrder } from './order-records.js';
import { countPendingOfUser, lockExpiredPending } from './pending-orders.js';
import { scanOrders } from './scan-orders.js';
import { updateOrderStatus } from './update-order-status.js';

/**
 * Options of {@link createOrderRepository}.
 *
 * @example
 * ```ts
 * createOrderRepository(database.executor, { reader: database.readExecutor, clock: systemClock });
 * ```
 */
export interface OrderRepositoryOptions extends ReadOptions {
  /** Source of timestamps. Default: the system clock. */
  clock?: Clock;
}

/**
 * The {@link OrderRepository} of `@truss/core` on kysely. The total is the exact sum of
 * quantity × unit price, computed in integer cents; the order and its items are written
 * atomically (joining the caller's transaction, inside a unit of work). Each operation lives in a
 * file of its own (`create-order.ts`, `list-orders.ts`, `update-order-status.ts`,
 * `scan-orders.ts`); this wires them to one executor.
 *
 * @example
 * ```ts
 * const orders = createOrderRepository(database.executor);
 * const order = await orders.create({ id, userId, items: [{ id: itemId, productId, quantity: 3, unitPrice: '1.15' }] });
 * order.total; // '3.45'
 * ```
 */
export function createOrderRepository(
  source: RepositorySource,
  options: OrderRepositoryOptions = {},
): OrderRepository {
  const executor = executorOf(source);
  const context: OrderContext = {
    executor,
    read: readerOf(executor, options),
    clock: options.clock ?? systemClock,
    insert: createOrderInsert(executor.dialect),
  };
  return {
    create: (input) => createOrder(context, input),
    findById: async (id) => (isUuid(id) ? findOrder(context.read(), id.toLowerCase()) : null),
    listByUser: (userId, query) => listOrdersOfUser(context, userId, query),
    list: (query) => listOrders(context, query),
    updateStatus: (id, status, expectedVersion, changes) =>
      updateOrderStatus(context, id, status, expectedVersion, changes),
    scan: (scanOptions) => scanOrders(context, scanOptions),
    lockExpiredPending: (before, limit) => lockExpiredPending(context, before, limit),
    countPendingOfUser: (userId) => countPendingOfUser(context, userId),
  };
}
