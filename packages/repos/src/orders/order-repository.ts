import {
  type Clock,
  type NewOrder,
  type OrderItem,
  type OrderListQuery,
  type OrderRecord,
  type OrderRepository,
  type OrderScanOptions,
  type OrderSearchQuery,
  type OrderStatus,
  type OrderStatusChanges,
  orderItemSchema,
  orderStatusSchema,
  parseInput,
  systemClock,
  TrussError,
} from '@truss/core';
import type { Selectable, Updateable } from 'kysely';
import { z } from 'zod';
import { fromDbDate, isUuid, toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import type { Executor } from '../executor/executor.js';
import { prepareBatch, prepareQuery } from '../executor/prepared-query.js';
import { centsToDbMoney, centsToMoney, fromDbMoney, moneyToCents } from '../money.js';
import { keysetPage, pageRequestShape, sortSchema } from '../pagination/keyset-page.js';
import { keysetScan } from '../pagination/keyset-scan.js';
import { type ReadOptions, readerOf } from '../reader.js';
import type { OrderItemsTable, OrdersTable } from '../schema.js';
import { updateAtVersion } from '../versioned-update.js';

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
const listSchema = z.strictObject({ ...pageRequestShape, status: orderStatusSchema.optional() });
const searchSchema = listSchema.extend({ userId: z.string().optional(), sort: sortSchema });
const scanSchema = z.strictObject({
  batchSize: z.number().int().min(1).max(1000).default(500),
  status: orderStatusSchema.optional(),
});
const statusChangesSchema = z.strictObject({ trackingNumber: z.string().trim().min(1).max(100).optional() });

/**
 * `make(count)` for orders of `count` items, made once per count; the first 16 counts are kept
 * (an order has 1 to 1000 items, most have a few).
 */
function byItemCount<T>(make: (count: number) => T): (count: number) => T {
  const kept = new Map<number, T>();
  return (count) => {
    let value = kept.get(count);
    if (value === undefined) {
      value = make(count);
      if (kept.size < 16) kept.set(count, value);
    }
    return value;
  };
}

/** A new order as {@link newOrderSchema} answers it. */
type ValidOrder = z.output<typeof newOrderSchema>;

/** Messages of the failures of an order insert. */
const INSERT_ERRORS = {
  conflict: 'An order or order item with this id already exists',
  missingReference: 'The user or a product of the order does not exist',
};

/**
 * The {@link OrderRepository} of `@truss/core` on kysely. The total is the exact sum of
 * quantity × unit price, computed in integer cents; the order and its items are written atomically
 * by the executor's batch (joining the caller's transaction, inside a unit of work).
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
  const { dialect } = executor;
  const clock = options.clock ?? systemClock;
  const read = readerOf(executor, options);

  const toItem = (row: Selectable<OrderItemsTable>): OrderItem => ({
    id: row.id,
    orderId: row.order_id,
    productId: row.product_id,
    quantity: Number(row.quantity),
    unitPrice: fromDbMoney(dialect, row.unit_price),
  });
  const toRecord = (row: Selectable<OrdersTable>, items: OrderItem[]): OrderRecord => ({
    id: row.id,
    userId: row.user_id,
    total: fromDbMoney(dialect, row.total),
    status: row.status as OrderStatus,
    version: Number(row.version),
    createdAt: fromDbDate(row.created_at),
    updatedAt: fromDbDate(row.updated_at),
    items,
    trackingNumber: row.tracking_number ?? null,
  });
  /** The orders of `rows` with their items, in one extra query. */
  const withItems = async (on: Executor, rows: Selectable<OrdersTable>[]) => {
    if (rows.length === 0) return [];
    const items = await withDatabaseErrors(() =>
      on.db
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
    return rows.map((row) => toRecord(row, (byOrder.get(row.id) ?? []).map(toItem)));
  };
  const find = async (on: Executor, id: string) => {
    const row = await withDatabaseErrors(() =>
      on.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    return row ? ((await withItems(on, [row]))[0] ?? null) : null;
  };

  const orderTemplate = {
    id: '',
    user_id: '',
    total: '',
    status: '',
    version: 1,
    created_at: '',
    updated_at: '',
  };
  const itemTemplate = { id: '', order_id: '', line_no: 0, product_id: '', quantity: 0, unit_price: '' };
  const itemTemplates = (count: number) => Array.from({ length: count }, () => itemTemplate);
  /** `INSERT INTO orders`, compiled once; parameters in the order of {@link orderRow}. */
  const insertOrder = prepareQuery((k) => k.insertInto('orders').values(orderTemplate));
  /**
   * The order and its `count` items (`INSERT INTO order_items` of `count` rows), prepared once per
   * count; the executor runs them atomically (one statement on PostgreSQL).
   */
  const insertBatch = byItemCount((count) =>
    prepareBatch([
      insertOrder,
      prepareQuery((k) => k.insertInto('order_items').values(itemTemplates(count))),
    ]),
  );
  const dbMoney = (cents: bigint) => centsToDbMoney(dialect, cents);
  const orderRow = (order: ValidOrder, total: bigint, at: Date) => {
    const now = toDbDate(dialect, at);
    return [order.id, order.userId, dbMoney(total), order.status, 1, now, now];
  };
  /** The parameters of the order's items, row after row. */
  const itemRows = (order: ValidOrder, cents: bigint[]) =>
    order.items.flatMap((item, index) => [
      item.id,
      order.id,
      index + 1,
      item.productId,
      item.quantity,
      dbMoney(cents[index] as bigint),
    ]);

  return {
    async create(input: NewOrder) {
      const order = parseInput(newOrderSchema, input, 'order');
      const cents = order.items.map((i) => moneyToCents(i.unitPrice));
      const total = order.items.reduce((sum, i, k) => sum + (cents[k] as bigint) * BigInt(i.quantity), 0n);
      if (total > MAX_TOTAL_CENTS) throw new TrussError('validation_error', 'The order total is too large');
      const at = order.createdAt ?? clock.now();
      await withDatabaseErrors(
        () =>
          executor.batch(insertBatch(order.items.length), [
            orderRow(order, total, at),
            itemRows(order, cents),
          ]),
        INSERT_ERRORS,
      );
      // Everything stored is known: answer without reading it back.
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
    },

    async findById(id: string) {
      return isUuid(id) ? find(read(), id.toLowerCase()) : null;
    },

    async listByUser(userId: string, query: OrderListQuery = {}) {
      const q = parseInput(listSchema, query, 'order query');
      const page = keysetPage(dialect, q);
      if (!isUuid(userId)) return { items: [], nextCursor: null };
      const source = read();
      return page.fetch(
        source.db
          .selectFrom('orders')
          .selectAll()
          .where('user_id', '=', userId.toLowerCase())
          .$if(q.status !== undefined, (b) => b.where('status', '=', q.status ?? 'pending')),
        (rows) => withItems(source, rows),
      );
    },

    async updateStatus(
      id: string,
      status: OrderStatus,
      expectedVersion: number,
      changes: OrderStatusChanges = {},
    ) {
      const next = parseInput(orderStatusSchema, status, 'order status');
      const extra = parseInput(statusChangesSchema, changes, 'order changes');
      const set: Updateable<OrdersTable> = { status: next, updated_at: toDbDate(dialect, clock.now()) };
      if (extra.trackingNumber !== undefined) set.tracking_number = extra.trackingNumber;
      return updateAtVersion(executor, {
        entity: 'Order',
        id,
        expectedVersion,
        change: { table: 'orders', set },
        read: (key) => find(executor, key),
      });
    },

    async list(query: OrderSearchQuery = {}) {
      const q = parseInput(searchSchema, query, 'order query');
      const page = keysetPage(dialect, q);
      if (q.userId !== undefined && !isUuid(q.userId)) return { items: [], nextCursor: null };
      const source = read();
      return page.fetch(
        source.db
          .selectFrom('orders')
          .selectAll()
          .$if(q.userId !== undefined, (b) => b.where('user_id', '=', (q.userId ?? '').toLowerCase()))
          .$if(q.status !== undefined, (b) => b.where('status', '=', q.status ?? 'pending')),
        (rows) => withItems(source, rows),
      );
    },

    async *scan(scanOptions: OrderScanOptions = {}) {
      const o = parseInput(scanSchema, scanOptions, 'scan options');
      yield* keysetScan({
        read,
        batchSize: o.batchSize,
        query: (on) =>
          on.db
            .selectFrom('orders')
            .selectAll()
            .$if(o.status !== undefined, (b) => b.where('status', '=', o.status ?? 'pending')),
        map: (rows, on) => withItems(on, rows),
      });
    },
  };
}
