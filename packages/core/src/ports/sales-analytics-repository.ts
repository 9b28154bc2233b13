import type { Money } from '../domain/money.js';

/**
 * One day of sales: the orders placed that UTC day and their revenue, as an exact decimal string.
 *
 * @example
 * ```ts
 * const day: DailySales = { day: '2030-01-31', orders: 3, revenue: '59.97' };
 * ```
 */
export interface DailySales {
  /** The UTC calendar day, `YYYY-MM-DD`. */
  day: string;
  orders: number;
  /** Exact: `"1234.50"`, always two decimals. */
  revenue: Money;
}

/**
 * The daily sales table: orders and revenue per UTC day, kept by the analytics consumer and read by
 * `GET /api/v1/analytics/sales`. Amounts are exact decimals end to end (DECIMAL on PostgreSQL and
 * MySQL/MariaDB, integer cents on SQLite), never floats.
 *
 * @example
 * ```ts
 * await salesAnalytics.recordSale('2030-01-31', '19.99');
 * await salesAnalytics.dailySales('2030-01-01', '2030-01-31'); // [{ day: '2030-01-31', orders: 1, revenue: '19.99' }]
 * ```
 */
export interface SalesAnalyticsRepository {
  /**
   * Adds one order of `amount` to `day` (`YYYY-MM-DD`) in one atomic step: concurrent calls never
   * lose an update. Not idempotent by itself: call it inside a unit of work that records the event
   * ({@link ProcessedEventRepository.markProcessed}). `validation_error` for a bad day or amount.
   */
  recordSale(day: string, amount: Money): Promise<void>;
  /**
   * The stored days from `from` to `to` (inclusive, `YYYY-MM-DD`), oldest first. Days without
   * orders have no row and are left out: the caller decides whether to show them as zeros.
   */
  dailySales(from: string, to: string): Promise<DailySales[]>;
}
