import { type DialectName, toDbDate } from '../dialect.js';
import { type PreparedBatch, prepareBatch, prepareQuery } from '../executor/prepared-query.js';
import { centsToDbMoney } from '../money.js';

/**
 * An order as {@link OrderInsert} writes it: validated, with its exact total and each item's unit
 * price in cents.
 *
 * @example
 * ```ts
 * const row: OrderToInsert = { id, userId, status: 'pending', items, total: 345n, cents: [115n], at: new Date() };
 * ```
 */
export interface OrderToInsert {
  id: string;
  userId: string;
  status: string;
  items: readonly { id: string; productId: string; quantity: number }[];
  /** The total, in cents. */
  total: bigint;
  /** Each item's unit price, in cents. */
  cents: readonly bigint[];
  /** `created_at` and `updated_at`. */
  at: Date;
}

/**
 * The statements of an order insert (`orders`, then `order_items` in one multi-row statement) and
 * their parameters. The executor runs them atomically ({@link Executor.batch}): one statement on
 * PostgreSQL, a transaction elsewhere.
 *
 * @example
 * ```ts
 * const insert = createOrderInsert(executor.dialect);
 * await executor.batch(insert.statements(order.items.length), insert.parameters(order));
 * ```
 */
export interface OrderInsert {
  /** The batch for an order of `count` items, prepared once per count (the first 16 counts kept). */
  statements(count: number): PreparedBatch;
  /** The parameters of the batch: the order's row, then its items' rows one after the other. */
  parameters(order: OrderToInsert): [unknown[], unknown[]];
}

const ORDER_TEMPLATE = {
  id: '',
  user_id: '',
  total: '',
  status: '',
  version: 1,
  created_at: '',
  updated_at: '',
};
const ITEM_TEMPLATE = { id: '', order_id: '', line_no: 0, product_id: '', quantity: 0, unit_price: '' };

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

/**
 * The {@link OrderInsert} of a database: money and timestamps as its columns store them.
 *
 * @example
 * ```ts
 * const insert = createOrderInsert('postgres');
 * const [orderRow, itemRows] = insert.parameters(order);
 * ```
 */
export function createOrderInsert(dialect: DialectName): OrderInsert {
  const insertOrder = prepareQuery((db) => db.insertInto('orders').values(ORDER_TEMPLATE));
  const statements = byItemCount((count) =>
    prepareBatch([
      insertOrder,
      prepareQuery((db) =>
        db.insertInto('order_items').values(Array.from({ length: count }, () => ITEM_TEMPLATE)),
      ),
    ]),
  );
  const money = (cents: bigint) => centsToDbMoney(dialect, cents);
  return {
    statements,
    parameters(order) {
      const now = toDbDate(dialect, order.at);
      // A loop, not flatMap: flatMap's array per item cost about 1 µs of a 20 µs SQLite insert.
      const items: unknown[] = [];
      for (let index = 0; index < order.items.length; index++) {
        const item = order.items[index] as OrderToInsert['items'][number];
        items.push(
          item.id,
          order.id,
          index + 1,
          item.productId,
          item.quantity,
          money(order.cents[index] as bigint),
        );
      }
      return [[order.id, order.userId, money(order.total), order.status, 1, now, now], items];
    },
  };
}
