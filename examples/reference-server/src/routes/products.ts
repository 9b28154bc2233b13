import type { ProductService } from '@truss/core';
import { created, defineRoute, json, noContent, type Route } from '@truss/http';
import { type AnyAuthorizer, requirePermission } from '../access.js';
import { anyJson, etag, idParams, ifMatchVersion } from './route-helpers.js';

/**
 * `/api/v1/products/*`: anyone (anonymous callers too) lists and reads; a Manager or Admin creates,
 * updates (`If-Match` or `version`), deletes and adjusts stock.
 */
export function productRoutes(products: ProductService, authz: AnyAuthorizer): Route[] {
  const can = (permission: string) => [requirePermission(authz, permission)];
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/products',
      summary: 'List products: ?limit, cursor, min_price, max_price, in_stock, sort=created_at|-created_at',
      auth: 'optional',
      middleware: can('list:product'),
      handler: async ({ principal, ctx }) => json(await products.list(principal, ctx.request.query)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/products/:id',
      summary: 'Get a product',
      auth: 'optional',
      params: idParams,
      middleware: can('read:product'),
      handler: async ({ principal, params }) => {
        const product = await products.get(principal, params.id);
        return json(product, 200, etag(product.version));
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/products',
      summary: 'Create a product (Manager, Admin)',
      auth: 'required',
      body: anyJson,
      middleware: can('create:product'),
      handler: async ({ principal, body }) => {
        const product = await products.create(principal, body);
        return created(product, { ...etag(product.version), location: `/api/v1/products/${product.id}` });
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/products/:id',
      summary: 'Update a product (Manager, Admin); If-Match or version for optimistic concurrency',
      auth: 'required',
      params: idParams,
      body: anyJson,
      middleware: can('update:product'),
      handler: async ({ principal, params, body, ctx }) => {
        const product = await products.update(principal, params.id, body, ifMatchVersion(ctx));
        return json(product, 200, etag(product.version));
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/products/:id/stock',
      summary: 'Add to (delta > 0) or take from (delta < 0) the stock atomically (Manager, Admin)',
      auth: 'required',
      params: idParams,
      body: anyJson,
      middleware: can('update:product'),
      handler: async ({ principal, params, body }) =>
        json(await products.adjustStock(principal, params.id, body)),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/products/:id',
      summary: 'Delete a product (Manager, Admin); 409 while it is part of an order',
      auth: 'required',
      params: idParams,
      middleware: can('delete:product'),
      handler: async ({ principal, params, ctx }) => {
        await products.delete(principal, params.id, ifMatchVersion(ctx));
        return noContent();
      },
    }),
  ];
}
