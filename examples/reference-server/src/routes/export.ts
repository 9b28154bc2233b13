import {
  type OrderRecord,
  type Principal,
  type PublicUser,
  type TransactionRepositories,
  toPublicOrder,
  toPublicUser,
  type UserRecord,
} from '@truss/core';
import { defineRoute, type Route, stream } from '@truss/http';
import { z } from 'zod';
import { type AnyAuthorizer, requirePermission } from '../access.js';
import { csvRow } from '../csv.js';

const exportQuery = z.strictObject({ format: z.enum(['csv', 'ndjson']).default('csv') });

const ORDER_COLUMNS = [
  'id',
  'user_id',
  'status',
  'total',
  'item_count',
  'tracking_number',
  'created_at',
  'updated_at',
] as const;
const USER_COLUMNS = ['id', 'email', 'first_name', 'last_name', 'role', 'created_at', 'updated_at'] as const;

/** Rows per database round trip, and per chunk written to the socket. */
const BATCH_SIZE = 500;

function orderCsv(order: OrderRecord): string {
  return csvRow([
    order.id,
    order.userId,
    order.status,
    order.total,
    order.items.reduce((n, item) => n + item.quantity, 0),
    order.trackingNumber,
    order.createdAt.toISOString(),
    order.updatedAt.toISOString(),
  ]);
}

/** Chunks of an export: the CSV header, then one chunk per batch read from the cursor. */
async function* chunks<T>(
  batches: AsyncIterable<T[]>,
  format: 'csv' | 'ndjson',
  header: readonly string[],
  toCsv: (row: T) => string,
  toJson: (row: T) => unknown,
): AsyncIterable<string> {
  if (format === 'csv') yield csvRow(header);
  for await (const batch of batches) {
    let chunk = '';
    for (const row of batch) chunk += format === 'csv' ? toCsv(row) : `${JSON.stringify(toJson(row))}\n`;
    yield chunk;
    // Let other requests in between batches: a synchronous driver (SQLite) otherwise runs the whole
    // export in microtasks whenever the socket keeps up.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function headersFor(name: string, format: 'csv' | 'ndjson') {
  return {
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
    headers: {
      'content-disposition': `attachment; filename="${name}.${format === 'csv' ? 'csv' : 'ndjson'}"`,
      'cache-control': 'no-store',
    },
  };
}

/**
 * `GET /api/v1/export/orders` and `/users` (Manager, Admin), `?format=csv|ndjson`: streamed from a
 * keyset cursor over the repository, one batch in memory at a time, written with backpressure.
 */
export function exportRoutes(
  repositories: Pick<TransactionRepositories, 'orders' | 'userAdmin'>,
  authz: AnyAuthorizer,
): Route[] {
  const userView = (principal: Principal, user: UserRecord): Partial<PublicUser> =>
    authz.pickReadable(principal, 'user', toPublicUser(user));
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/export/orders',
      summary: 'Export every order (Manager, Admin) as CSV or NDJSON, streamed',
      auth: 'required',
      query: exportQuery,
      middleware: [requirePermission(authz, 'export:order')],
      handler: ({ query }) => {
        const { contentType, headers } = headersFor('orders', query.format);
        const body = chunks(
          repositories.orders.scan({ batchSize: BATCH_SIZE }),
          query.format,
          ORDER_COLUMNS,
          orderCsv,
          toPublicOrder,
        );
        return stream(body, contentType, headers);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/export/users',
      summary: 'Export every user (Manager, Admin) as CSV or NDJSON, streamed; never a password hash',
      auth: 'required',
      query: exportQuery,
      middleware: [requirePermission(authz, 'export:user')],
      handler: ({ query, principal }) => {
        const { contentType, headers } = headersFor('users', query.format);
        const body = chunks(
          repositories.userAdmin.scan({ batchSize: BATCH_SIZE }),
          query.format,
          USER_COLUMNS,
          (user) => {
            const view = userView(principal, user) as Record<string, unknown>;
            return csvRow(USER_COLUMNS.map((column) => view[column]));
          },
          (user) => userView(principal, user),
        );
        return stream(body, contentType, headers);
      },
    }),
  ];
}
