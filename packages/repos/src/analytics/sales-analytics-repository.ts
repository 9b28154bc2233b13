import {
  type Clock,
  type DailySales,
  moneySchema,
  parseInput,
  type SalesAnalyticsRepository,
  systemClock,
  TrussError,
} from '@truss/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import { fromDbMoney, toDbMoney } from '../money.js';
import { type ReadOptions, readerOf } from '../reader.js';

/**
 * Options of {@link createSalesAnalyticsRepository}.
 *
 * @example
 * ```ts
 * createSalesAnalyticsRepository(database.executor, { clock: systemClock, reader: database.readExecutor });
 * ```
 */
export interface SalesAnalyticsRepositoryOptions extends ReadOptions {
  /** Source of `updated_at`. Default: the system clock. */
  clock?: Clock;
}

const daySchema = z.iso.date();

/**
 * The {@link SalesAnalyticsRepository} of `@truss/core` on kysely: `recordSale` is one upsert that
 * adds in the database (`revenue = revenue + amount` on DECIMAL columns, on integer cents on
 * SQLite), so no amount passes through a float and concurrent sales are never lost. `dailySales`
 * is a plain read: with a `reader`, it goes to the replicas (a report may lag a little).
 *
 * @example
 * ```ts
 * const sales = createSalesAnalyticsRepository(database.executor);
 * await sales.recordSale('2030-01-31', '19.99');
 * ```
 */
export function createSalesAnalyticsRepository(
  source: RepositorySource,
  options: SalesAnalyticsRepositoryOptions = {},
): SalesAnalyticsRepository {
  const executor = executorOf(source);
  const { dialect, db } = executor;
  const read = readerOf(executor, options);
  const clock = options.clock ?? systemClock;
  return {
    async recordSale(day, amount) {
      const row = {
        day: parseInput(daySchema, day, 'day'),
        orders: 1,
        revenue: toDbMoney(dialect, parseInput(moneySchema, amount, 'amount')),
        updated_at: toDbDate(dialect, clock.now()),
      };
      const insert = db.insertInto('daily_sales').values(row);
      await withDatabaseErrors(() =>
        (dialect === 'mysql'
          ? insert.onDuplicateKeyUpdate({
              orders: sql`orders + values(orders)`,
              revenue: sql`revenue + values(revenue)`,
              updated_at: sql`values(updated_at)`,
            })
          : insert.onConflict((oc) =>
              oc.column('day').doUpdateSet({
                orders: sql`daily_sales.orders + excluded.orders`,
                revenue: sql`daily_sales.revenue + excluded.revenue`,
                updated_at: sql`excluded.updated_at`,
              }),
            )
        ).execute(),
      );
    },

    async dailySales(from, to) {
      const first = parseInput(daySchema, from, 'from');
      const last = parseInput(daySchema, to, 'to');
      if (first > last) throw new TrussError('validation_error', '`from` must not be after `to`');
      const rows = await withDatabaseErrors(() =>
        read()
          .db.selectFrom('daily_sales')
          .select(['day', 'orders', 'revenue'])
          .where('day', '>=', first)
          .where('day', '<=', last)
          .orderBy('day')
          .execute(),
      );
      return rows.map(
        (row): DailySales => ({
          day: row.day,
          orders: Number(row.orders),
          revenue: fromDbMoney(dialect, row.revenue),
        }),
      );
    },
  };
}
