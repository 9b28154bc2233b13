import type { RouteContract } from '@truss/http';
import { z } from 'zod';

/**
 * The longest range `GET /api/v1/analytics/sales` answers, in days (both ends included): a year,
 * leap day included.
 *
 * @example
 * ```ts
 * MAX_SALES_RANGE_DAYS; // 366
 * ```
 */
export const MAX_SALES_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;

/**
 * The days from `from` to `to` (`YYYY-MM-DD`, both included), counted in UTC.
 *
 * @example
 * ```ts
 * daysBetween('2030-01-01', '2030-01-31'); // 31
 * ```
 */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/**
 * Query of `GET /api/v1/analytics/sales`: `?from=YYYY-MM-DD&to=YYYY-MM-DD`, both required, real
 * calendar days (UTC), `from` not after `to`, at most {@link MAX_SALES_RANGE_DAYS} days.
 *
 * @example
 * ```ts
 * salesQuery.parse({ from: '2030-01-01', to: '2030-01-31' });
 * salesQuery.safeParse({ from: '2030-02-01', to: '2030-01-01' }).success; // false
 * ```
 */
export const salesQuery = z
  .strictObject({
    from: z.iso.date('must be a calendar day as YYYY-MM-DD'),
    to: z.iso.date('must be a calendar day as YYYY-MM-DD'),
  })
  .superRefine(({ from, to }, ctx) => {
    if (from > to) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after `to`' });
    } else if (daysBetween(from, to) > MAX_SALES_RANGE_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be at most ${MAX_SALES_RANGE_DAYS} days after \`from\` (both included)`,
      });
    }
  });

/**
 * One day of the sales report: orders placed that UTC day and their revenue (an exact decimal
 * string, two decimals). A day without orders is `{ orders: 0, revenue: '0.00' }`.
 *
 * @example
 * ```ts
 * salesDayView.parse({ day: '2030-01-31', orders: 2, revenue: '39.98' });
 * ```
 */
export const salesDayView = z.object({
  day: z.iso.date(),
  orders: z.number().int().min(0),
  revenue: z.string(),
});

/**
 * The sales report: every day of the range, oldest first (days without orders as zeros), and the
 * range's totals.
 *
 * @example
 * ```ts
 * const report: SalesReportView = salesReportView.parse(await response.json());
 * ```
 */
export const salesReportView = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  days: z.array(salesDayView),
  total: z.object({ orders: z.number().int().min(0), revenue: z.string() }),
});

/**
 * The sales report as the API answers it; see {@link salesReportView}.
 *
 * @example
 * ```ts
 * const revenue = (report: SalesReportView) => report.total.revenue; // '1234.50'
 * ```
 */
export type SalesReportView = z.infer<typeof salesReportView>;

/**
 * The analytics routes: daily sales (orders and revenue per UTC day) for Managers and Admins.
 *
 * @example
 * ```ts
 * analyticsContract.sales.path; // '/api/v1/analytics/sales'
 * ```
 */
export const analyticsContract = {
  sales: {
    method: 'GET',
    path: '/api/v1/analytics/sales',
    summary:
      'Daily sales (Manager, Admin): orders and revenue per UTC day from ?from to ?to (YYYY-MM-DD, at most 366 days), zeros for days without orders',
    auth: 'required',
    query: salesQuery,
    response: salesReportView,
  },
} as const satisfies Record<string, RouteContract>;
