import type { Principal, ProductRecord, ProductService } from '@truss/core';
import { created, defineRoute, json, noContent, type Route } from '@truss/http';
import { productContract as contract } from '../contract/products.js';
import type { ProductView } from '../contract/views.js';
import { type AnyAuthorizer, requirePermission } from '../require-permission.js';
import { toPageView, toProductView } from '../views/render.js';
import { etag, ifMatchVersion } from './http-helpers.js';

/**
 * What {@link productRoutes} needs.
 *
 * @example
 * ```ts
 * const deps: ProductRoutesDeps = { products: productService, authorizer };
 * ```
 */
export interface ProductRoutesDeps {
  products: ProductService;
  /** The permission table the route middleware checks, and the field rules of every view. */
  authorizer: AnyAuthorizer;
}

/**
 * The catalogue routes: anyone (anonymous callers too) lists and reads; a Manager or Admin creates,
 * updates (`If-Match` or `version`), adjusts stock and deletes. Reads carry the version as `ETag`.
 *
 * @example
 * ```ts
 * const routes = productRoutes({ products: productService, authorizer: createAuthorizer() });
 * ```
 */
export function productRoutes(deps: ProductRoutesDeps): Route[] {
  const { products, authorizer } = deps;
  const can = (permission: string) => [requirePermission(authorizer, permission)];
  const view = (principal: Principal | null, product: ProductRecord) =>
    authorizer.pickReadable(principal, 'product', toProductView(product)) as ProductView;
  return [
    defineRoute({
      ...contract.list,
      middleware: can('list:product'),
      handler: async ({ principal, query }) =>
        json(toPageView(await products.list(principal, query), (item) => view(principal, item))),
    }),
    defineRoute({
      ...contract.get,
      middleware: can('read:product'),
      handler: async ({ principal, params }) => {
        const product = await products.get(principal, params.id);
        return json(view(principal, product), 200, etag(product.version));
      },
    }),
    defineRoute({
      ...contract.create,
      middleware: can('create:product'),
      handler: async ({ principal, body }) => {
        const product = await products.create(principal, body);
        return created(view(principal, product), {
          ...etag(product.version),
          location: `/api/v1/products/${product.id}`,
        });
      },
    }),
    defineRoute({
      ...contract.update,
      middleware: can('update:product'),
      handler: async ({ principal, params, body, ctx }) => {
        const product = await products.update(principal, params.id, body, ifMatchVersion(ctx));
        return json(view(principal, product), 200, etag(product.version));
      },
    }),
    defineRoute({
      ...contract.adjustStock,
      middleware: can('update:product'),
      handler: async ({ principal, params, body }) =>
        json(view(principal, await products.adjustStock(principal, params.id, body))),
    }),
    defineRoute({
      ...contract.delete,
      middleware: can('delete:product'),
      handler: async ({ principal, params, ctx }) => {
        await products.delete(principal, params.id, ifMatchVersion(ctx));
        return noContent();
      },
    }),
  ];
}
