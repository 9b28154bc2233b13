import { analyticsContract } from './analytics.js';
import { authContract } from './auth.js';
import { exportContract } from './exports.js';
import { orderContract } from './orders.js';
import { productContract } from './products.js';
import { userContract } from './users.js';

/**
 * Every route of the Truss API as data — method, path, auth and the zod schemas of its input and
 * its success response — by resource. The routes of `@truss/api` serve exactly these; a client
 * types its calls and validates its forms with them.
 *
 * @example
 * ```ts
 * for (const [resource, routes] of Object.entries(trussContract)) {
 *   for (const route of Object.values(routes)) console.log(resource, route.method, route.path);
 * }
 * ```
 */
export const trussContract = {
  auth: authContract,
  users: userContract,
  products: productContract,
  orders: orderContract,
  exports: exportContract,
  analytics: analyticsContract,
} as const;

/**
 * The type of {@link trussContract}, for clients that derive their types from it.
 *
 * @example
 * ```ts
 * type LoginBody = z.input<TrussContract['auth']['login']['body']>; // { email: string; password: string }
 * ```
 */
export type TrussContract = typeof trussContract;
