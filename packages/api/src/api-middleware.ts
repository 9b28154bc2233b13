import type { IdempotencyStore, Logger, RateLimitStore } from '@truss/core';
import {
  type HttpCacheOptions,
  httpCache,
  idempotency,
  type Middleware,
  type RateLimitEvent,
  type RateLimitRule,
  rateLimit,
} from '@truss/http';

/**
 * The spec's rate limits (§4.4), requests per window: `/api/v1/auth/*` 10 per minute,
 * `/api/v1/export/*` 5 per hour, the rest of `/api/v1/*` 100 per minute.
 *
 * @example
 * ```ts
 * API_RATE_LIMITS.auth; // 10
 * ```
 */
export const API_RATE_LIMITS: Readonly<{ auth: number; api: number; export: number }> = Object.freeze({
  auth: 10,
  api: 100,
  export: 5,
});

/**
 * Options of the API's rate limits (`createTrussApi({ rateLimit })`).
 *
 * @example
 * ```ts
 * const rateLimit: ApiRateLimitOptions = { store: createMemoryRateLimitStore(), auth: 20 };
 * ```
 */
export interface ApiRateLimitOptions {
  /** Where windows are counted; one shared store (`createRedisRateLimitStore`) for several instances. */
  store: RateLimitStore;
  /** Requests per minute on `/api/v1/auth/*`. Default 10. */
  auth?: number;
  /** Requests per minute on the rest of `/api/v1/*`. Default 100. */
  api?: number;
  /** Requests per hour on `/api/v1/export/*`. Default 5. */
  export?: number;
  /** Called on every counted request (metrics: rejections by rule). */
  onEvent?: (event: RateLimitEvent) => void;
  logger?: Logger;
}

/**
 * The rules of the API's rate limits. When the store cannot answer, the auth and export limits
 * fail closed (503: they guard credentials and bulk data) and the general limit fails open (the
 * catalogue stays readable while Redis is down).
 *
 * @example
 * ```ts
 * const rules = apiRateLimitRules({ auth: 20 });
 * ```
 */
export function apiRateLimitRules(limits: Partial<typeof API_RATE_LIMITS> = {}): RateLimitRule[] {
  return [
    { name: 'auth', prefix: '/api/v1/auth/', limit: limits.auth ?? API_RATE_LIMITS.auth, windowSeconds: 60 },
    {
      name: 'export',
      prefix: '/api/v1/export/',
      limit: limits.export ?? API_RATE_LIMITS.export,
      windowSeconds: 3600,
    },
    {
      name: 'api',
      prefix: '/api/v1/',
      limit: limits.api ?? API_RATE_LIMITS.api,
      windowSeconds: 60,
      onStoreError: 'open',
    },
  ];
}

/**
 * The API's rate-limit middleware, for the kernel's `afterAuthentication` (so it counts per user).
 *
 * @example
 * ```ts
 * createKernel({ routes, authenticate, afterAuthentication: [apiRateLimit({ store })] });
 * ```
 */
export function apiRateLimit(options: ApiRateLimitOptions): Middleware {
  const { store, onEvent, logger, ...limits } = options;
  return rateLimit({
    store,
    rules: apiRateLimitRules(limits),
    ...(onEvent ? { onEvent } : {}),
    ...(logger ? { logger } : {}),
  });
}

/**
 * The API's HTTP caching: `ETag` / `304` on every GET; the catalogue (`/api/v1/products*`) is
 * `public`, every other answer `private`.
 *
 * @example
 * ```ts
 * createKernel({ routes, middleware: [apiHttpCache()] });
 * ```
 */
export function apiHttpCache(options: Omit<HttpCacheOptions, 'publicRoutes'> = {}): Middleware {
  return httpCache({ ...options, publicRoutes: ['/api/v1/products'] });
}

/**
 * Options of {@link apiIdempotency}.
 *
 * @example
 * ```ts
 * const options: ApiIdempotencyOptions = { store: createIdempotencyStore(database.executor) };
 * ```
 */
export interface ApiIdempotencyOptions {
  /** Shared by every instance: `createIdempotencyStore` of `@truss/repos` keeps keys in the database. */
  store: IdempotencyStore;
  /** How long a key answers its first result, in seconds. Default 86 400 (24 hours). */
  ttlSeconds?: number;
}

/**
 * Whether the API honours `Idempotency-Key` on a route: every `POST` that creates or changes
 * something — orders, payments, shipping, cancelling, products, stock, registration — but not the
 * sign-in routes under `/api/v1/auth/`, whose answers are tokens and secrets that must not be stored.
 *
 * @example
 * ```ts
 * isIdempotentRoute({ method: 'POST', path: '/api/v1/orders' }); // true
 * ```
 */
export function isIdempotentRoute(route: { method: string; path: string }): boolean {
  if (route.method !== 'POST') return false;
  return !route.path.startsWith('/api/v1/auth/') || route.path === '/api/v1/auth/register';
}

/**
 * The kernel's {@link idempotency} middleware on the routes {@link isIdempotentRoute} names.
 *
 * @example
 * ```ts
 * const kernel = createKernel({ routes, authenticate, afterAuthentication: [apiIdempotency({ store })] });
 * ```
 */
export function apiIdempotency(options: ApiIdempotencyOptions): Middleware {
  return idempotency({
    store: options.store,
    ...(options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {}),
    applies: (ctx) => isIdempotentRoute(ctx.route),
  });
}
