import {
  type NewOrder,
  type OrderRecord,
  orderItemSchema,
  orderStatusSchema,
  parseInput,
  TrussError,
} from '@truss/core';
import { z } from 'zod';
import { withDatabaseErrors } from '../errors.js';
import { centsToMoney, moneyToCents } from '../money.js';
import type { OrderContext } from './order-context.js';

/** Largest order total that `DECIMAL(12,2)` holds, in cents. */
const MAX_TOTAL_CENTS = 999_999_999_999n;

const newOrderSchema = z.strictObject({
  id: z.uuid().toLowerCase(),
  userId: z.uuid().toLowerCase(),
  status: orderStatusSchema.default('pending'),
  items: z
    .array(
      orderItemSchema
        .omit({ orderId: true })
        .extend({ id: z.uuid().toLowerCase(), productId: z.uuid().toLowerCase() }),
    )
    .min(1)
    .max(1000),
  createdAt: z.date().optional(),
});

/** Messages of the failures of an order insert. */
const INSERT_ERRORS = {
  conflict: 'An order or order item with this id already exists',
  missingReference: 'The user or a product of the order does not exist',
};

/**
 * `OrderRepository.create`: validates the order, computes its exact total in integer cents, and
 * writes the order and its items atomically through the executor's batch (one statement on
 * PostgreSQL; joining the caller's transaction inside a unit of work). Answers the stored order
 * without reading it back: everything stored is known.
 *
 * @example
 * ```ts
 * const order = await createOrder(context, { id, userId, items: [{ id: itemId, productId, quantity: 3, unitPrice: '1.15' }] });
 * order.total; // '3.45'
 * ```
 */
export async function createOrder(context: OrderContext, input: NewOrder): Promise<OrderRecord> {
  const order = parseInput(newOrderSchema, input, 'order');
  const cents = order.items.map((i) => moneyToCents(i.unitPrice));
  const total = order.items.reduce((sum, i, k) => sum + (cents[k] as bigint) * BigInt(i.quantity), 0n);
  if (total > MAX_TOTAL_CENTS) throw new TrussError('validation_error', 'The order total is too large');
  const at = order.createdAt ?? context.clock.now();
  const { executor, insert } = context;
  const parameters = insert.parameters({
    id: order.id,
    userId: order.userId,
    status: order.status,
    items: order.items,
    total,
    cents,
    at,
  });
  await withDatabaseErrors(
    () => executor.batch(insert.statements(order.items.length), parameters),
    INSERT_ERRORS,
  );
  return {
    id: order.id,
    userId: order.userId,
    total: centsToMoney(total),
    status: order.status,
    version: 1,
    createdAt: at,
    updatedAt: at,
    trackingNumber: null,
    items: order.items.map((item, index) => ({
      id: item.id,
      orderId: order.id,
      productId: item.productId,
      quantity: item.quantity,
      unitPrice: centsToMoney(cents[index] as bigint),
    })),
  };
}
