import type { OrderItem, OrderRecord, OrderStatus } from '@truss/core';
import type { Selectable } from 'kysely';
import { type DialectName, fromDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import type { Executor } from '../executor/executor.js';
import { fromDbMoney } from '../money.js';
import type { OrderItemsTable, OrdersTable } from '../schema.js';

/**
 * An `order_items` row as the domain's `OrderItem`.
 *
 * @example
 * ```ts
 * const item = toOrderItem('postgres', row); // { id, orderId, productId, quantity: 2, unitPrice: '9.99' }
 * ```
 */
export function toOrderItem(dialect: DialectName, row: Selectable<OrderItemsTable>): OrderItem {
  return {
    id: row.id,
    orderId: row.order_id,
    productId: row.product_id,
    quantity: Number(row.quantity),
    unitPrice: fromDbMoney(dialect, row.unit_price),
  };
}

/**
 * An `orders` row and its items as the domain's `OrderRecord`.
 *
 * @example
 * ```ts
 * const order = toOrderRecord('sqlite', row, items);
 * ```
 */
export function toOrderRecord(
  dialect: DialectName,
  row: Selectable<OrdersTable>,
  items: OrderItem[],
): OrderRecord {
  return {
    id: row.id,
    userId: row.user_id,
    total: fromDbMoney(dialect, row.total),
    status: row.status as OrderStatus,
    version: Number(row.version),
    createdAt: fromDbDate(row.created_at),
    updatedAt: fromDbDate(row.updated_at),
    items,
    trackingNumber: row.tracking_number ?? null,
  };
}

/**
 * The orders of `rows` with their items, read in one more query on `executor`.
 *
 * @example
 * ```ts
 * const orders = await withItems(executor, await executor.db.selectFrom('orders').selectAll().execute());
 * ```
 */
export async function withItems(executor: Executor, rows: Selectable<OrdersTable>[]): Promise<OrderRecord[]> {
  if (rows.length === 0) return [];
  const items = await withDatabaseErrors(() =>
    executor.db
      .selectFrom('order_items')
      .selectAll()
      .where(
        'order_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('order_id')
      .orderBy('line_no')
      .execute(),
  );
  const byOrder = new Map<string, Selectable<OrderItemsTable>[]>();
  for (const item of items) {
    const list = byOrder.get(item.order_id);
    if (list) list.push(item);
    else byOrder.set(item.order_id, [item]);
  }
  return rows.map((row) =>
    toOrderRecord(
      executor.dialect,
      row,
      (byOrder.get(row.id) ?? []).map((item) => toOrderItem(executor.dialect, item)),
    ),
  );
}

/**
 * The order of (lower-case) `id` with its items, read on `executor`; `null` when there is none.
 *
 * @example
 * ```ts
 * const order = await findOrder(database.executor, id.toLowerCase());
 * ```
 */
export async function findOrder(executor: Executor, id: string): Promise<OrderRecord | null> {
  const row = await withDatabaseErrors(() =>
    executor.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst(),
  );
  return row ? ((await withItems(executor, [row]))[0] ?? null) : null;
}
