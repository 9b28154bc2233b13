/**
 * The Truss HTTP kernel: routes declared once (method, path, zod schemas, auth, handler), served by
 * any framework through a thin adapter (`@truss/fastify`, `@truss/express`, or the built-in fetch
 * handler). The kernel owns validation, authentication, errors and headers; adapters only translate.
 *
 * @example
 * ```ts
 * import { createKernel, defineRoute, json } from '@truss/http';
 *
 * const health = defineRoute({ method: 'GET', path: '/healthz', handler: () => json({ status: 'ok' }) });
 * const kernel = createKernel({ routes: [health] });
 * ```
 *
 * @module @truss/http
 */

export { DEFAULT_BODY_LIMIT, decodeBody, parseJsonBody, readBodyText } from './body.js';
export type { ClientErrorSource } from './client-error.js';
export { clientErrorOf, handleClientErrors } from './client-error.js';
export type { CookieOptions } from './cookies.js';
export { readCookie, serializeCookie, withCookies } from './cookies.js';
export { isOrigin } from './cors.js';
export type { CsrfOptions } from './csrf.js';
export { csrfProtection } from './csrf.js';
export { createFetchHandler } from './fetch.js';
export type { HttpCacheOptions } from './http-cache.js';
export { httpCache } from './http-cache.js';
export type { IdempotencyOptions } from './idempotency.js';
export { idempotency } from './idempotency.js';
export type { JsonLoggerOptions, JsonLogLevel } from './json-logger.js';
export { createJsonLogger } from './json-logger.js';
export type { Kernel, KernelOptions, KernelRoute } from './kernel.js';
export { createKernel } from './kernel.js';
export { pinoRedactPaths, REDACTED, redact, SENSITIVE_LOG_KEYS } from './log-redaction.js';
export { queryOf, toSafeQuery } from './query.js';
export type { RateLimitEvent, RateLimitOptions, RateLimitRule } from './rate-limit.js';
export { rateLimit } from './rate-limit.js';
export type { ReadYourWritesOptions } from './read-your-writes.js';
export { readYourWrites } from './read-your-writes.js';
export type { ErrorBody } from './render-error.js';
export { CODES_WITH_DETAILS, renderError } from './render-error.js';
export { logRequests } from './request-log.js';
export { content, created, json, noContent, stream } from './responses.js';
export type { HandlerContext, Route, RouteContract, RouteSpec } from './route.js';
export { defineRoute } from './route.js';
export type { Routable, RouteMatch, RouterOptions } from './router.js';
export { createRouter } from './router.js';
export type { SecurityHeadersOptions } from './security-headers.js';
export { API_CONTENT_SECURITY_POLICY } from './security-headers.js';
export type { StaticFile, StaticRoutesOptions } from './static-files.js';
export { contentTypeOf, staticRoutes } from './static-files.js';
export type {
  Authenticate,
  AuthMode,
  HeaderValues,
  HttpMethod,
  Middleware,
  Reply,
  RequestContext,
  RequestHead,
  ResponseHeaders,
  TrussRequest,
  TrussResponse,
} from './types.js';
