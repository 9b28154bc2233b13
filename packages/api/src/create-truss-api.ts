import { type Principal, parseInput } from '@truss/core';
import { type Authenticate, type HttpCacheOptions, isOrigin, type Middleware, type Route } from '@truss/http';
import { createAuthorizer } from '@truss/rbac';
import { z } from 'zod';
import {
  type ApiIdempotencyOptions,
  type ApiRateLimitOptions,
  apiHttpCache,
  apiIdempotency,
  apiRateLimit,
} from './api-middleware.js';
import type { AnyAuthorizer } from './require-permission.js';
import { type AnalyticsRoutesDeps, analyticsRoutes } from './routes/analytics-routes.js';
import { type AuthRoutesDeps, authRoutes } from './routes/auth-routes.js';
import { type ExportRoutesDeps, exportRoutes } from './routes/export-routes.js';
import { type HealthRoutesDeps, healthRoutes } from './routes/health-routes.js';
import { type OrderRoutesDeps, orderRoutes } from './routes/order-routes.js';
import { type ProductRoutesDeps, productRoutes } from './routes/product-routes.js';
import { type UserRoutesDeps, userRoutes } from './routes/user-routes.js';

type WithoutAuthorizer<T> = Omit<T, 'authorizer'>;

/**
 * What {@link createTrussApi} mounts: each route set whose dependencies are given, with one
 * authorizer for all of them, plus routes that replace or add to them.
 *
 * @example
 * ```ts
 * const deps: TrussApiDeps = {
 *   auth: { auth, users: userService, accessTokens },
 *   users: { users: userService, admin: userAdminService },
 * };
 * ```
 */
export interface TrussApiDeps {
  /**
   * The permission table of the route middleware and of every view's field rules. Pass the same
   * authorizer the services were built with (`toAccessControl(authorizer)`). Default:
   * `createAuthorizer()`, the spec's table.
   */
  authorizer?: AnyAuthorizer;
  /** Verifies access tokens. Default: `auth.auth.authenticate` when the auth routes are mounted. */
  authenticate?: Authenticate;
  /**
   * Browser origins besides the server's own that may call the API with credentials, e.g.
   * `['https://app.example.com']`: the kernel's CORS grants them (spread the result into
   * `createKernel`), and the cookie routes' CSRF check accepts them. Default none.
   */
  allowedOrigins?: readonly string[];
  /** `/api/v1/auth/*` and the JWKS document. */
  auth?: AuthRoutesDeps;
  /** `/api/v1/users/*`. */
  users?: WithoutAuthorizer<UserRoutesDeps>;
  /** `/api/v1/products/*`. */
  products?: WithoutAuthorizer<ProductRoutesDeps>;
  /** `/api/v1/orders/*`. */
  orders?: WithoutAuthorizer<OrderRoutesDeps>;
  /** `/api/v1/export/*`. */
  exports?: WithoutAuthorizer<ExportRoutesDeps>;
  /** `/api/v1/analytics/*`: daily sales (Manager, Admin). */
  analytics?: WithoutAuthorizer<AnalyticsRoutesDeps>;
  /** `GET /healthz` (liveness) and `GET /readyz` (readiness: the named checks). */
  health?: HealthRoutesDeps;
  /**
   * Routes that take the place of the mounted route of the same method and path. A route that
   * replaces nothing is an error (a typo would otherwise add a second, unused route).
   */
  replace?: readonly Route[];
  /** Routes of the application's own, served beside the API's. */
  add?: readonly Route[];
  /**
   * Rate limits (spec §4.4), counted per user when authenticated, per address otherwise. Default:
   * none. See {@link apiRateLimitRules}.
   */
  rateLimit?: ApiRateLimitOptions;
  /**
   * Honours `Idempotency-Key` on every `POST` that creates or changes something (see
   * {@link isIdempotentRoute}), after the rate limit. Default: none.
   */
  idempotency?: ApiIdempotencyOptions;
  /**
   * HTTP caching: `ETag` and `304` on GETs, `Cache-Control` public for the catalogue and private
   * elsewhere. Default on; `false` turns it off.
   */
  httpCache?: Omit<HttpCacheOptions, 'publicRoutes'> | false;
}

/**
 * The mounted API: its routes and the authenticate function, ready for `createKernel`.
 *
 * @example
 * ```ts
 * const kernel = createKernel({ ...api, middleware: [logRequests(logger), ...api.middleware], logger });
 * ```
 */
export interface TrussApi {
  readonly routes: readonly Route[];
  readonly authenticate: Authenticate | undefined;
  /** The origins CORS grants: {@link TrussApiDeps.allowedOrigins}, for `createKernel`. */
  readonly allowedOrigins: readonly string[];
  /** Global middleware of the API (HTTP caching): put it after your own in `createKernel({ middleware })`. */
  readonly middleware: readonly Middleware[];
  /** Middleware after authentication (rate limits): `createKernel({ afterAuthentication })`. */
  readonly afterAuthentication: readonly Middleware[];
}

const isObject = z.custom<object>(
  (value) => typeof value === 'object' && value !== null,
  'Expected an object',
);
const depsSchema = z.object({
  authorizer: isObject.optional(),
  authenticate: z
    .custom<Authenticate>((value) => typeof value === 'function', 'Expected a function')
    .optional(),
  allowedOrigins: z
    .array(z.string().refine(isOrigin, 'must be an origin such as https://app.example.com'))
    .optional(),
  auth: isObject.optional(),
  users: isObject.optional(),
  products: isObject.optional(),
  orders: isObject.optional(),
  exports: isObject.optional(),
  analytics: isObject.optional(),
  health: isObject.optional(),
  replace: z.array(isObject).optional(),
  add: z.array(isObject).optional(),
  rateLimit: isObject.optional(),
  idempotency: isObject.optional(),
  httpCache: z.union([isObject, z.literal(false)]).optional(),
});

const keyOf = (route: Pick<Route, 'method' | 'path'>) => `${route.method} ${route.path}`;

/**
 * Composes the Truss API from the route sets whose dependencies you give: mount a subset, replace
 * one route, add your own, or change the permission table (`authorizer`) — without forking. Serve
 * it with `createKernel({ ...api })` on any adapter.
 *
 * @example
 * ```ts
 * const authorizer = createAuthorizer({ extend: { grants: { manager: ['list:user'] } } });
 * const api = createTrussApi({
 *   authorizer,
 *   auth: { auth, users: userService, accessTokens },
 *   users: { users: userService, admin: createUserAdminService({ userAdmin, unitOfWork, access: toAccessControl(authorizer) }) },
 * });
 * const kernel = createKernel({ ...api, logger });
 * ```
 */
export function createTrussApi(deps: TrussApiDeps): TrussApi {
  parseInput(depsSchema, deps, 'API dependencies');
  const authorizer = deps.authorizer ?? createAuthorizer();
  const allowedOrigins = Object.freeze([...(deps.allowedOrigins ?? [])]);
  const authService = deps.auth?.auth;
  const requireRecentAuthentication = authService
    ? (principal: Principal) => authService.requireRecentAuthentication(principal)
    : undefined;
  const mounted: Route[] = [
    ...(deps.health ? healthRoutes(deps.health) : []),
    ...(deps.auth ? authRoutes({ allowedOrigins, authorizer, ...deps.auth }) : []),
    ...(deps.users ? userRoutes({ requireRecentAuthentication, ...deps.users, authorizer }) : []),
    ...(deps.products ? productRoutes({ ...deps.products, authorizer }) : []),
    ...(deps.orders ? orderRoutes({ ...deps.orders, authorizer }) : []),
    ...(deps.exports ? exportRoutes({ ...deps.exports, authorizer }) : []),
    ...(deps.analytics ? analyticsRoutes({ ...deps.analytics, authorizer }) : []),
  ];
  const replacements = new Map((deps.replace ?? []).map((route) => [keyOf(route), route]));
  const routes = mounted.map((route) => {
    const replacement = replacements.get(keyOf(route));
    replacements.delete(keyOf(route));
    return replacement ?? route;
  });
  if (replacements.size > 0) {
    throw new TypeError(
      `createTrussApi: replace names routes that are not mounted: ${[...replacements.keys()].join(', ')}`,
    );
  }
  routes.push(...(deps.add ?? []));
  const auth = deps.auth?.auth;
  const authenticate = deps.authenticate ?? (auth ? (token: string) => auth.authenticate(token) : undefined);
  const middleware = deps.httpCache === false ? [] : [apiHttpCache(deps.httpCache ?? {})];
  const afterAuthentication = [
    ...(deps.rateLimit ? [apiRateLimit(deps.rateLimit)] : []),
    ...(deps.idempotency ? [apiIdempotency(deps.idempotency)] : []),
  ];
  return Object.freeze({
    routes: Object.freeze(routes),
    authenticate,
    allowedOrigins,
    middleware: Object.freeze(middleware),
    afterAuthentication: Object.freeze(afterAuthentication),
  });
}
