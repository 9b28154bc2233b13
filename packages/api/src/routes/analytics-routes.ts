import type { DailySales, SalesAnalyticsRepository } from '@truss/core';
import { defineRoute, json, type Route } from '@truss/http';
import { analyticsContract as contract, daysBetween, type SalesReportView } from '../contract/analytics.js';
import { type AnyAuthorizer, requirePermission } from '../require-permission.js';

/**
 * What {@link analyticsRoutes} needs: the daily sales table's reads, and the authorizer.
 *
 * @example
 * ```ts
 * const deps: AnalyticsRoutesDeps = { sales: repositories.salesAnalytics, authorizer };
 * ```
 */
export interface AnalyticsRoutesDeps {
  sales: Pick<SalesAnalyticsRepository, 'dailySales'>;
  /** The permission table the route middleware checks (`read:analytics`). */
  authorizer: AnyAuthorizer;
}

const DAY_MS = 86_400_000;
const CENTS = /^(\d+)(?:\.(\d{1,2}))?$/;

/** An exact decimal string as cents; amounts stay out of floats. */
function toCents(amount: string): bigint {
  const match = CENTS.exec(amount);
  if (!match) throw new TypeError(`Not an amount: ${amount}`);
  return BigInt(match[1] ?? '0') * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

const fromCents = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;

/**
 * Every day of `from`..`to` with its stored sales, zeros where none were stored, and the totals
 * summed in integer cents.
 *
 * @example
 * ```ts
 * salesReport('2030-01-01', '2030-01-02', [{ day: '2030-01-02', orders: 1, revenue: '9.99' }]);
 * // { from, to, days: [{ day: '2030-01-01', orders: 0, revenue: '0.00' }, { day: '2030-01-02', … }], total: { orders: 1, revenue: '9.99' } }
 * ```
 */
export function salesReport(from: string, to: string, stored: readonly DailySales[]): SalesReportView {
  const byDay = new Map(stored.map((day) => [day.day, day]));
  const start = Date.parse(`${from}T00:00:00Z`);
  let orders = 0;
  let revenue = 0n;
  const days = Array.from({ length: daysBetween(from, to) }, (_, i) => {
    const day = new Date(start + i * DAY_MS).toISOString().slice(0, 10);
    const sales = byDay.get(day);
    const cents = sales ? toCents(sales.revenue) : 0n;
    orders += sales?.orders ?? 0;
    revenue += cents;
    return { day, orders: sales?.orders ?? 0, revenue: fromCents(cents) };
  });
  return { from, to, days, total: { orders, revenue: fromCents(revenue) } };
}

/**
 * `GET /api/v1/analytics/sales?from=YYYY-MM-DD&to=YYYY-MM-DD` (Manager, Admin; permission
 * `read:analytics`): orders and revenue per UTC day from the daily sales table, every day of the
 * range (zeros for days without orders), and the totals. A bad day, `from` after `to` or a range
 * over 366 days is a 422 `validation_error`.
 *
 * @example
 * ```ts
 * const routes = analyticsRoutes({ sales: repositories.salesAnalytics, authorizer: createAuthorizer() });
 * ```
 */
export function analyticsRoutes(deps: AnalyticsRoutesDeps): Route[] {
  return [
    defineRoute({
      ...contract.sales,
      middleware: [requirePermission(deps.authorizer, 'read:analytics')],
      handler: async ({ query }) => {
        const stored = await deps.sales.dailySales(query.from, query.to);
        return json(salesReport(query.from, query.to, stored));
      },
    }),
  ];
}
