import type { OrderRecord, OrderService, Principal } from '@truss/core';
import { created, defineRoute, json, type Route } from '@truss/http';
import { orderContract as contract } from '../contract/orders.js';
import type { OrderView } from '../contract/views.js';
import { type AnyAuthorizer, requirePermission } from '../require-permission.js';
import { toOrderView, toPageView } from '../views/render.js';

/**
 * What {@link orderRoutes} needs.
 *
 * @example
 * ```ts
 * const deps: OrderRoutesDeps = { orders: orderService, authorizer };
 * ```
 */
export interface OrderRoutesDeps {
  orders: OrderService;
  /** The permission table the route middleware checks, and the field rules of every view. */
  authorizer: AnyAuthorizer;
}

/**
 * The order routes: a User creates orders and sees its own, a Manager or Admin sees all; the owner
 * pays and cancels, a Manager or Admin ships and delivers. Illegal transitions are 409.
 *
 * @example
 * ```ts
 * const routes = orderRoutes({ orders: orderService, authorizer: createAuthorizer() });
 * ```
 */
export function orderRoutes(deps: OrderRoutesDeps): Route[] {
  const { orders, authorizer } = deps;
  const can = (permission: string) => [requirePermission(authorizer, permission)];
  const view = (principal: Principal, order: OrderRecord) =>
    authorizer.pickReadable(principal, 'order', toOrderView(order)) as OrderView;
  return [
    defineRoute({
      ...contract.create,
      middleware: can('create:order'),
      handler: async ({ principal, body }) => {
        const order = await orders.create(principal, body);
        return created(view(principal, order), { location: `/api/v1/orders/${order.id}` });
      },
    }),
    defineRoute({
      ...contract.list,
      middleware: can('list:order'),
      handler: async ({ principal, query }) =>
        json(toPageView(await orders.list(principal, query), (item) => view(principal, item))),
    }),
    defineRoute({
      ...contract.get,
      middleware: can('read:order'),
      handler: async ({ principal, params }) => json(view(principal, await orders.get(principal, params.id))),
    }),
    defineRoute({
      ...contract.pay,
      middleware: can('pay:order'),
      handler: async ({ principal, params, body }) =>
        json(view(principal, await orders.pay(principal, params.id, body))),
    }),
    defineRoute({
      ...contract.ship,
      middleware: can('ship:order'),
      handler: async ({ principal, params, body }) =>
        json(view(principal, await orders.ship(principal, params.id, body))),
    }),
    defineRoute({
      ...contract.deliver,
      middleware: can('deliver:order'),
      handler: async ({ principal, params }) =>
        json(view(principal, await orders.deliver(principal, params.id))),
    }),
    defineRoute({
      ...contract.cancel,
      middleware: can('cancel:order'),
      handler: async ({ principal, params }) =>
        json(view(principal, await orders.cancel(principal, params.id))),
    }),
  ];
}
