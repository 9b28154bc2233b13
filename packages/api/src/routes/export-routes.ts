import type { OrderRecord, OrderRepository, Principal, UserAdminRepository, UserRecord } from '@truss/core';
import { defineRoute, type Route, stream } from '@truss/http';
import { exportContract as contract } from '../contract/exports.js';
import { type AnyAuthorizer, requirePermission } from '../require-permission.js';
import { toOrderView, toUserView } from '../views/render.js';
import { csvRow } from './csv.js';

/**
 * What {@link exportRoutes} needs: the batched scans of the order and user repositories.
 *
 * @example
 * ```ts
 * const deps: ExportRoutesDeps = { orders: repositories.orders, users: repositories.userAdmin, authorizer };
 * ```
 */
export interface ExportRoutesDeps {
  orders: Pick<OrderRepository, 'scan'>;
  users: Pick<UserAdminRepository, 'scan'>;
  /** The permission table the route middleware checks, and the field rules of every row. */
  authorizer: AnyAuthorizer;
  /** Rows per database round trip, and per chunk written to the socket. Default 500. */
  batchSize?: number;
}

type Format = 'csv' | 'ndjson';

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

/** Chunks of an export: the CSV header, then one chunk per batch read from the repository's scan. */
async function* chunks<T>(
  batches: AsyncIterable<T[]>,
  format: Format,
  header: readonly string[],
  toCsv: (row: T) => string,
  toJson: (row: T) => unknown,
): AsyncIterable<string> {
  if (format === 'csv') yield csvRow(header);
  for await (const batch of batches) {
    let chunk = '';
    for (const row of batch) chunk += format === 'csv' ? toCsv(row) : `${JSON.stringify(toJson(row))}\n`;
    yield chunk;
  }
}

function replyFor(name: string, format: Format, body: AsyncIterable<string>) {
  return stream(body, format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson', {
    'content-disposition': `attachment; filename="${name}.${format}"`,
    'cache-control': 'no-store',
  });
}

/**
 * `GET /api/v1/export/orders` (Manager, Admin) and `/users` (Admin), `?format=csv|ndjson`: streamed
 * from the repositories' keyset scans, one batch in memory at a time, written with backpressure.
 * CSV fields that a spreadsheet would run as formulas are defused; user rows never carry a hash.
 *
 * @example
 * ```ts
 * const routes = exportRoutes({ orders: repositories.orders, users: repositories.userAdmin, authorizer });
 * ```
 */
export function exportRoutes(deps: ExportRoutesDeps): Route[] {
  const { authorizer } = deps;
  const batchSize = deps.batchSize ?? 500;
  const userView = (principal: Principal, user: UserRecord) =>
    authorizer.pickReadable(principal, 'user', toUserView(user)) as Record<string, unknown>;
  return [
    defineRoute({
      ...contract.orders,
      middleware: [requirePermission(authorizer, 'export:order')],
      handler: ({ query }) =>
        replyFor(
          'orders',
          query.format,
          chunks(deps.orders.scan({ batchSize }), query.format, ORDER_COLUMNS, orderCsv, toOrderView),
        ),
    }),
    defineRoute({
      ...contract.users,
      middleware: [requirePermission(authorizer, 'export:user')],
      handler: ({ query, principal }) =>
        replyFor(
          'users',
          query.format,
          chunks(
            deps.users.scan({ batchSize }),
            query.format,
            USER_COLUMNS,
            (user) => {
              const view = userView(principal, user);
              return csvRow(USER_COLUMNS.map((column) => view[column]));
            },
            (user) => userView(principal, user),
          ),
        ),
    }),
  ];
}
