/**
 * The Truss REST API as a package: one route set per resource — {@link authRoutes},
 * {@link userRoutes}, {@link productRoutes}, {@link orderRoutes}, {@link exportRoutes},
 * {@link analyticsRoutes} — each a
 * function of its services and the authorizer, composed by {@link createTrussApi} and served by the
 * `@truss/http` kernel on any adapter. The routes own the wire format: they validate snake_case
 * bodies and query strings once (the schemas of `@truss/api/contract`), hand the services typed
 * input, and render the services' domain objects as the API's JSON views, with only the fields the
 * caller may read.
 *
 * @example
 * ```ts
 * import { createTrussApi } from '@truss/api';
 * import { createKernel } from '@truss/http';
 *
 * const kernel = createKernel({ ...createTrussApi({ auth: { auth, users, accessTokens } }) });
 * ```
 *
 * @module @truss/api
 */

export type { ApiIdempotencyOptions, ApiRateLimitOptions } from './api-middleware.js';
export {
  API_RATE_LIMITS,
  apiHttpCache,
  apiIdempotency,
  apiRateLimit,
  apiRateLimitRules,
  isIdempotentRoute,
} from './api-middleware.js';
export type { TrussApi, TrussApiDeps } from './create-truss-api.js';
export { createTrussApi } from './create-truss-api.js';
export type { AnyAuthorizer } from './require-permission.js';
export { requirePermission } from './require-permission.js';
export type { AnalyticsRoutesDeps } from './routes/analytics-routes.js';
export { analyticsRoutes, salesReport } from './routes/analytics-routes.js';
export type { AuthRoutesDeps } from './routes/auth-routes.js';
export { authRoutes, REFRESH_COOKIE } from './routes/auth-routes.js';
export { csvField, csvRow } from './routes/csv.js';
export type { ExportRoutesDeps } from './routes/export-routes.js';
export { exportRoutes } from './routes/export-routes.js';
export type { HealthRoutesDeps, ReadinessCheck } from './routes/health-routes.js';
export { healthRoutes, livenessView, readinessView } from './routes/health-routes.js';
export { etag, ifMatchVersion } from './routes/http-helpers.js';
export type { OrderRoutesDeps } from './routes/order-routes.js';
export { orderRoutes } from './routes/order-routes.js';
export type { ProductRoutesDeps } from './routes/product-routes.js';
export { productRoutes } from './routes/product-routes.js';
export type { UserRoutesDeps } from './routes/user-routes.js';
export { userRoutes } from './routes/user-routes.js';
export {
  toMfaChallengeView,
  toOrderView,
  toPageView,
  toProductView,
  toTokenPairView,
  toUserView,
} from './views/render.js';
