import { type OrderListQuery, type OrderSearchQuery, orderStatusSchema, parseInput } from '@truss/core';
import { z } from 'zod';
import { isUuid } from '../dialect.js';
import { keysetPage, pageRequestShape, sortSchema } from '../pagination/keyset-page.js';
import type { OrderContext } from './order-context.js';
import { withItems } from './order-records.js';

const listSchema = z.strictObject({ ...pageRequestShape, status: orderStatusSchema.optional() });
const searchSchema = listSchema.extend({ userId: z.string().optional(), sort: sortSchema });

/**
 * `OrderRepository.listByUser`: one user's orders, newest first, a keyset page at a time, with their
 * items. A `userId` that is not a UUID has no orders.
 *
 * @example
 * ```ts
 * const page = await listOrdersOfUser(context, userId, { limit: 20, status: 'paid' });
 * ```
 */
export async function listOrdersOfUser(context: OrderContext, userId: string, query: OrderListQuery = {}) {
  const q = parseInput(listSchema, query, 'order query');
  const page = keysetPage(context.executor.dialect, q);
  if (!isUuid(userId)) return { items: [], nextCursor: null };
  const source = context.read();
  return page.fetch(
    source.db
      .selectFrom('orders')
      .selectAll()
      .where('user_id', '=', userId.toLowerCase())
      .$if(q.status !== undefined, (b) => b.where('status', '=', q.status ?? 'pending')),
    (rows) => withItems(source, rows),
  );
}

/**
 * `OrderRepository.list`: every user's orders (or one user's), filtered by status, in either
 * direction, a keyset page at a time, with their items.
 *
 * @example
 * ```ts
 * const page = await listOrders(context, { status: 'paid', sort: 'asc', limit: 50 });
 * ```
 */
export async function listOrders(context: OrderContext, query: OrderSearchQuery = {}) {
  const q = parseInput(searchSchema, query, 'order query');
  const page = keysetPage(context.executor.dialect, q);
  if (q.userId !== undefined && !isUuid(q.userId)) return { items: [], nextCursor: null };
  const source = context.read();
  return page.fetch(
    source.db
      .selectFrom('orders')
      .selectAll()
      .$if(q.userId !== undefined, (b) => b.where('user_id', '=', (q.userId ?? '').toLowerCase()))
      .$if(q.status !== undefined, (b) => b.where('status', '=', q.status ?? 'pending')),
    (rows) => withItems(source, rows),
  );
}
