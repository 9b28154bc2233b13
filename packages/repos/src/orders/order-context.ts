import type { Clock } from '@truss/core';
import type { Executor } from '../executor/executor.js';
import type { OrderInsert } from './order-insert.js';

/**
 * What every operation of an order repository works with, made once by
 * {@link createOrderRepository}.
 *
 * @example
 * ```ts
 * const context: OrderContext = { executor, read: () => executor, clock: systemClock, insert: createOrderInsert('sqlite') };
 * const order = await findOrder(context.read(), id);
 * ```
 */
export interface OrderContext {
  /** The primary's executor (or a transaction's): writes, and reads that follow a write. */
  readonly executor: Executor;
  /** The executor of plain reads (a replica's, or the primary's). */
  readonly read: () => Executor;
  /** Source of timestamps. */
  readonly clock: Clock;
  /** The order insert's statements, prepared once per item count. */
  readonly insert: OrderInsert;
}
