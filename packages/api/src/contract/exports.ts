import type { RouteContract } from '@truss/http';
import { z } from 'zod';

/**
 * Query of the export routes: `?format=csv` (the default) or `ndjson`.
 *
 * @example
 * ```ts
 * exportQuery.parse({}); // { format: 'csv' }
 * ```
 */
export const exportQuery = z.strictObject({ format: z.enum(['csv', 'ndjson']).default('csv') });

/**
 * The export routes: every order (Manager, Admin) or every user (Admin), streamed as CSV or NDJSON.
 *
 * @example
 * ```ts
 * exportContract.orders.path; // '/api/v1/export/orders'
 * ```
 */
export const exportContract = {
  orders: {
    method: 'GET',
    path: '/api/v1/export/orders',
    summary: 'Export every order (Manager, Admin) as CSV or NDJSON, streamed',
    auth: 'required',
    query: exportQuery,
  },
  users: {
    method: 'GET',
    path: '/api/v1/export/users',
    summary: 'Export every user as CSV or NDJSON, streamed; never a password hash',
    auth: 'required',
    query: exportQuery,
  },
} as const satisfies Record<string, RouteContract>;
