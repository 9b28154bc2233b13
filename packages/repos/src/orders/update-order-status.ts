import {
  type OrderRecord,
  type OrderStatus,
  type OrderStatusChanges,
  orderStatusSchema,
  parseInput,
  singleLineText,
} from '@truss/core';
import type { Updateable } from 'kysely';
import { z } from 'zod';
import { toDbDate } from '../dialect.js';
import type { OrdersTable } from '../schema.js';
import { updateAtVersion } from '../versioned-update.js';
import type { OrderContext } from './order-context.js';
import { findOrder } from './order-records.js';

const statusChangesSchema = z.strictObject({ trackingNumber: singleLineText(1, 100).optional() });

/**
 * `OrderRepository.updateStatus`: the new status (and tracking number) at the expected version,
 * compared in the same statement; a stale version is a `conflict` with the current one.
 *
 * @example
 * ```ts
 * const shipped = await updateOrderStatus(context, order.id, 'shipped', order.version, { trackingNumber: 'TRK-1' });
 * ```
 */
export async function updateOrderStatus(
  context: OrderContext,
  id: string,
  status: OrderStatus,
  expectedVersion: number,
  changes: OrderStatusChanges = {},
): Promise<OrderRecord> {
  const next = parseInput(orderStatusSchema, status, 'order status');
  const extra = parseInput(statusChangesSchema, changes, 'order changes');
  const { executor, clock } = context;
  const set: Updateable<OrdersTable> = { status: next, updated_at: toDbDate(executor.dialect, clock.now()) };
  if (extra.trackingNumber !== undefined) set.tracking_number = extra.trackingNumber;
  return updateAtVersion(executor, {
    entity: 'Order',
    id,
    expectedVersion,
    change: { table: 'orders', set },
    read: (key) => findOrder(executor, key),
  });
}
