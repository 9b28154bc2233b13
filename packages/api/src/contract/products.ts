import {
  moneySchema,
  type ProductListQuery,
  productCreateInputSchema,
  productUpdateInputSchema,
  stockAdjustmentInputSchema,
} from '@truss/core';
import type { RouteContract } from '@truss/http';
import { z } from 'zod';
import { cursorQuery, idParams, limitQuery, pageOf, sortQuery } from './common.js';
import { productView } from './views.js';
import { into } from './wire.js';

/** `?q=`: the text a product's name contains, trimmed; printable characters only. */
const productSearchText = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((text) => !/\p{Cc}/u.test(text), 'must not contain control characters');

/**
 * Query of `GET /api/v1/products`: `?limit`, `cursor`, `min_price`, `max_price` (decimal strings),
 * `in_stock=true|false`, `q` (part of the name, any case), `sort`.
 *
 * @example
 * ```ts
 * productListQuery.parse({ min_price: '1.00', in_stock: 'true' }); // { minPrice: '1.00', inStock: true, … }
 * ```
 */
export const productListQuery = z
  .strictObject({
    limit: limitQuery,
    cursor: cursorQuery,
    min_price: moneySchema.optional(),
    max_price: moneySchema.optional(),
    in_stock: z.enum(['true', 'false']).optional(),
    q: productSearchText.optional(),
    sort: sortQuery,
  })
  .transform(({ min_price, max_price, in_stock, q, ...rest }): ProductListQuery => {
    const query: ProductListQuery = { ...rest };
    if (min_price !== undefined) query.minPrice = min_price;
    if (max_price !== undefined) query.maxPrice = max_price;
    if (in_stock !== undefined) query.inStock = in_stock === 'true';
    if (q !== undefined) query.nameContains = q;
    return query;
  });

/**
 * Body of `POST /api/v1/products`: `{ name, price, description?, stock? }` (the wire and the
 * service use the same names).
 *
 * @example
 * ```ts
 * productCreateBody.parse({ name: 'Bolt', price: '0.10', stock: 100 });
 * ```
 */
export const productCreateBody = into(productCreateInputSchema, productCreateInputSchema, (body) => body);

/**
 * Body of `PUT /api/v1/products/:id`: any of `name`, `description`, `price`, `stock`, and the
 * `version` it was read at (or send `If-Match`).
 *
 * @example
 * ```ts
 * productUpdateBody.parse({ price: '0.12', version: 3 });
 * ```
 */
export const productUpdateBody = into(productUpdateInputSchema, productUpdateInputSchema, (body) => body);

/**
 * Body of `POST /api/v1/products/:id/stock`: `{ delta }`, added (or taken when negative) atomically.
 *
 * @example
 * ```ts
 * stockAdjustmentBody.parse({ delta: -2 });
 * ```
 */
export const stockAdjustmentBody = into(
  stockAdjustmentInputSchema,
  stockAdjustmentInputSchema,
  (body) => body,
);

/**
 * The catalogue routes: anyone lists and reads; a Manager or Admin creates, updates, adjusts stock
 * and deletes.
 *
 * @example
 * ```ts
 * productContract.list.path; // '/api/v1/products'
 * ```
 */
export const productContract = {
  list: {
    method: 'GET',
    path: '/api/v1/products',
    summary: 'List products: ?limit, cursor, min_price, max_price, in_stock, sort=created_at|-created_at',
    auth: 'optional',
    query: productListQuery,
    response: pageOf(productView),
  },
  get: {
    method: 'GET',
    path: '/api/v1/products/:id',
    summary: 'Get a product; ETag its version',
    auth: 'optional',
    params: idParams,
    response: productView,
  },
  create: {
    method: 'POST',
    path: '/api/v1/products',
    summary: 'Create a product (Manager, Admin)',
    auth: 'required',
    body: productCreateBody,
    response: productView,
    status: 201,
  },
  update: {
    method: 'PUT',
    path: '/api/v1/products/:id',
    summary: 'Update a product (Manager, Admin); If-Match or version for optimistic concurrency',
    auth: 'required',
    params: idParams,
    body: productUpdateBody,
    response: productView,
  },
  adjustStock: {
    method: 'POST',
    path: '/api/v1/products/:id/stock',
    summary: 'Add to (delta > 0) or take from (delta < 0) the stock atomically (Manager, Admin)',
    auth: 'required',
    params: idParams,
    body: stockAdjustmentBody,
    response: productView,
  },
  delete: {
    method: 'DELETE',
    path: '/api/v1/products/:id',
    summary: 'Delete a product (Manager, Admin); 409 while it is part of an order',
    auth: 'required',
    params: idParams,
    status: 204,
  },
} as const satisfies Record<string, RouteContract>;
