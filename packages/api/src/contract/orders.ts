import {
  ORDER_LIMITS,
  type OrderSearchQuery,
  orderCreateInputSchema,
  orderStatusSchema,
  payOrderInputSchema,
  shipOrderInputSchema,
} from '@truss/core';
import type { RouteContract } from '@truss/http';
import { z } from 'zod';
import { cursorQuery, idParams, limitQuery, pageOf, sortQuery } from './common.js';
import { orderView } from './views.js';
import { into } from './wire.js';

const line = orderCreateInputSchema.shape.items.element.shape;

/**
 * Body of `POST /api/v1/orders`: `{ items: [{ product_id, quantity }] }` (1 to 100 lines).
 *
 * @example
 * ```ts
 * orderCreateBody.parse({ items: [{ product_id: productId, quantity: 3 }] });
 * ```
 */
export const orderCreateBody = into(
  z.strictObject({
    items: z
      .array(z.strictObject({ product_id: line.productId, quantity: line.quantity }))
      .min(1)
      .max(ORDER_LIMITS.maxItems),
  }),
  orderCreateInputSchema,
  (body) => ({ items: body.items.map((item) => ({ productId: item.product_id, quantity: item.quantity })) }),
);

/**
 * Query of `GET /api/v1/orders`: `?limit`, `cursor`, `status`, `user_id` (Managers and Admins),
 * `sort`.
 *
 * @example
 * ```ts
 * orderListQuery.parse({ status: 'paid', limit: '50' }); // { status: 'paid', limit: 50, sort: 'desc' }
 * ```
 */
export const orderListQuery = z
  .strictObject({
    limit: limitQuery,
    cursor: cursorQuery,
    status: orderStatusSchema.optional(),
    user_id: z.uuid().optional(),
    sort: sortQuery,
  })
  .transform(
    ({ user_id, ...query }): OrderSearchQuery =>
      user_id === undefined ? query : { ...query, userId: user_id },
  );

/**
 * Body of `POST /api/v1/orders/:id/pay`: `{ payment_token }` from the payment provider's SDK.
 *
 * @example
 * ```ts
 * payOrderBody.parse({ payment_token: 'tok_visa' });
 * ```
 */
export const payOrderBody = into(
  z.strictObject({ payment_token: payOrderInputSchema.shape.paymentToken }),
  payOrderInputSchema,
  (body) => ({ paymentToken: body.payment_token }),
);

/**
 * Body of `POST /api/v1/orders/:id/ship`: `{ tracking_number }`.
 *
 * @example
 * ```ts
 * shipOrderBody.parse({ tracking_number: 'TRK-123' });
 * ```
 */
export const shipOrderBody = into(
  z.strictObject({ tracking_number: shipOrderInputSchema.shape.trackingNumber }),
  shipOrderInputSchema,
  (body) => ({ trackingNumber: body.tracking_number }),
);

const action = (name: string, summary: string) =>
  ({
    method: 'POST',
    path: `/api/v1/orders/:id/${name}`,
    summary,
    auth: 'required',
    params: idParams,
    response: orderView,
  }) as const;

/**
 * The order routes: a User creates orders and sees, pays and cancels its own; a Manager or Admin
 * sees all, ships and delivers.
 *
 * @example
 * ```ts
 * orderContract.pay.path; // '/api/v1/orders/:id/pay'
 * ```
 */
export const orderContract = {
  create: {
    method: 'POST',
    path: '/api/v1/orders',
    summary: 'Create an order from {items: [{product_id, quantity}]}: stock taken, total computed here',
    auth: 'required',
    body: orderCreateBody,
    response: orderView,
    status: 201,
  },
  list: {
    method: 'GET',
    path: '/api/v1/orders',
    summary:
      'List orders (own for a User, all for a Manager or Admin): ?limit, cursor, status, user_id, sort',
    auth: 'required',
    query: orderListQuery,
    response: pageOf(orderView),
  },
  get: {
    method: 'GET',
    path: '/api/v1/orders/:id',
    summary: 'Get an order (owner, Manager, Admin)',
    auth: 'required',
    params: idParams,
    response: orderView,
  },
  pay: {
    ...action('pay', 'Pay a pending order (owner): {payment_token}; 402 declined, 503 retry safely'),
    body: payOrderBody,
  },
  ship: { ...action('ship', 'Ship a paid order (Manager, Admin): {tracking_number}'), body: shipOrderBody },
  deliver: action('deliver', 'Mark a shipped order delivered (Manager, Admin)'),
  cancel: action(
    'cancel',
    'Cancel a pending or paid order (owner); its items go back in stock, a charge is refunded',
  ),
} as const satisfies Record<string, RouteContract>;
