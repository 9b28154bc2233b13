import type { OrderService } from '@truss/core';
import { created, defineRoute, json, type Route } from '@truss/http';
import { type AnyAuthorizer, requirePermission } from '../access.js';
import { anyJson, idParams } from './route-helpers.js';

/**
 * `/api/v1/orders/*`: a User creates orders and sees its own, a Manager or Admin sees all; the
 * owner pays and cancels, a Manager or Admin ships and delivers. Illegal transitions are 409.
 */
export function orderRoutes(orders: OrderService, authz: AnyAuthorizer): Route[] {
  const can = (permission: string) => [requirePermission(authz, permission)];
  const action = (name: 'pay' | 'ship' | 'deliver' | 'cancel', summary: string) =>
    defineRoute({
      method: 'POST',
      path: `/api/v1/orders/:id/${name}`,
      summary,
      auth: 'required',
      params: idParams,
      body: anyJson,
      middleware: can(`${name}:order`),
      handler: async ({ principal, params, body }) => {
        if (name === 'pay') return json(await orders.pay(principal, params.id, body));
        if (name === 'ship') return json(await orders.ship(principal, params.id, body));
        if (name === 'deliver') return json(await orders.deliver(principal, params.id));
        return json(await orders.cancel(principal, params.id));
      },
    });
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/orders',
      summary: 'Create an order from {items: [{product_id, quantity}]}: stock taken, total computed here',
      auth: 'required',
      body: anyJson,
      middleware: can('create:order'),
      handler: async ({ principal, body }) => {
        const order = await orders.create(principal, body);
        return created(order, { location: `/api/v1/orders/${order.id}` });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/orders',
      summary:
        'List orders (own for a User, all for a Manager or Admin): ?limit, cursor, status, user_id, sort',
      auth: 'required',
      middleware: can('list:order'),
      handler: async ({ principal, ctx }) => json(await orders.list(principal, ctx.request.query)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/orders/:id',
      summary: 'Get an order (owner, Manager, Admin)',
      auth: 'required',
      params: idParams,
      middleware: can('read:order'),
      handler: async ({ principal, params }) => json(await orders.get(principal, params.id)),
    }),
    action('pay', 'Pay a pending order (owner): {payment_token}; 402 declined, 503 retry safely'),
    action('ship', 'Ship a paid order (Manager, Admin): {tracking_number}'),
    action('deliver', 'Mark a shipped order delivered (Manager, Admin)'),
    action('cancel', 'Cancel a pending order (owner); its items go back in stock'),
  ];
}
