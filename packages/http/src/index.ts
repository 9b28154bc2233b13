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

export { DEFAULT_BODY_LIMIT, parseJsonBody, readBodyText } from './body.js';
export type { CookieOptions } from './cookies.js';
export { readCookie, serializeCookie, withCookies } from './cookies.js';
export { createFetchHandler } from './fetch.js';
export type { JsonLoggerOptions, JsonLogLevel } from './json-logger.js';
export { createJsonLogger } from './json-logger.js';
export type { Kernel, KernelOptions, KernelRoute } from './kernel.js';
export { createKernel } from './kernel.js';
export { pinoRedactPaths, REDACTED, redact, SENSITIVE_LOG_KEYS } from './log-redaction.js';
export type { ErrorBody } from './render-error.js';
export { renderError } from './render-error.js';
export { logRequests } from './request-log.js';
export { content, created, json, noContent, stream } from './responses.js';
export type { HandlerContext, Route, RouteContract, RouteSpec } from './route.js';
export { defineRoute } from './route.js';
export type { Routable, RouteMatch } from './router.js';
export { createRouter } from './router.js';
export type {
  Authenticate,
  AuthMode,
  HeaderValues,
  HttpMethod,
  Middleware,
  Reply,
  RequestContext,
  ResponseHeaders,
  TrussRequest,
  TrussResponse,
} from './types.js';
