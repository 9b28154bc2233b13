import { childLogger, type Logger, type Principal, parseInput, TrussError } from '@truss/core';
import { z } from 'zod';
import { DEFAULT_BODY_LIMIT, parseJsonBody } from './body.js';
import { createCors, isOrigin } from './cors.js';
import { createJsonLogger } from './json-logger.js';
import { toSafeQuery } from './query.js';
import { renderError } from './render-error.js';
import type { Route } from './route.js';
import { createRouter } from './router.js';
import {
  type SecurityHeadersOptions,
  securityHeaders,
  securityHeadersOptionsSchema,
} from './security-headers.js';
import type {
  Authenticate,
  Middleware,
  RequestContext,
  RequestHead,
  TrussRequest,
  TrussResponse,
} from './types.js';

/** Options of {@link createKernel}. */
export interface KernelOptions {
  /** The routes to serve. Two routes with the same method and path are an error. */
  routes: readonly Route[];
  /** Verifies Bearer tokens; required when any route has `auth` other than `none`. */
  authenticate?: Authenticate;
  /** Middleware run on every matched route, in order, before authentication. */
  middleware?: readonly Middleware[];
  /**
   * Middleware run on every matched route after authentication (`ctx.principal` is set when the
   * caller presented a valid token; routes with `auth: 'none'` never authenticate) and before the
   * route's own middleware — e.g. `rateLimit`, which counts per user.
   */
  afterAuthentication?: readonly Middleware[];
  /** Largest accepted request body in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /**
   * Receives unexpected errors (5xx) with their stack and request id, and is bound to each request
   * as `ctx.log`. Default: {@link createJsonLogger} at level `error` (one JSON line on stderr per
   * unexpected error, secrets redacted). Pass your pino logger, or `silentLogger` to write nothing.
   */
  logger?: Logger;
  /**
   * The security headers of every response (CSP, `nosniff`, `Referrer-Policy`, HSTS over HTTPS,
   * `Cache-Control: no-store`); see {@link SecurityHeadersOptions}. A route overrides one by
   * setting it in its reply. Default: all on, with their default values.
   */
  securityHeaders?: SecurityHeadersOptions;
  /**
   * Browser origins other than the server's own allowed to call the API with credentials (CORS):
   * each gets `Access-Control-Allow-Origin` with its own value and `…-Allow-Credentials`, and its
   * preflights are answered; any other origin's preflight is 403. Exact origins
   * (`https://app.example.com`), never `*` or `null`. Default none (no CORS headers).
   */
  allowedOrigins?: readonly string[];
  /** Longest path parameter, in characters: a longer one is 414 `uri_too_long`. Default 100. */
  maxParamLength?: number;
  /**
   * Take the request id from the client's `x-request-id` header (when it is 1–128 characters of
   * `[A-Za-z0-9_.:-]`). Turn it on only behind a proxy that sets the header itself: a client that
   * connects directly could otherwise choose the id its lines are logged under. Default `false`:
   * the kernel generates every id.
   */
  trustRequestId?: boolean;
}

const isFunction = z.custom<(...args: never[]) => unknown>(
  (f) => typeof f === 'function',
  'Expected a function',
);

const optionsSchema = z.object({
  routes: z.array(z.custom<Route>((r) => typeof r === 'object' && r !== null && 'handler' in r)),
  authenticate: isFunction.optional(),
  middleware: z.array(isFunction).optional(),
  afterAuthentication: z.array(isFunction).optional(),
  bodyLimit: z
    .number()
    .int()
    .positive()
    .max(1024 ** 3)
    .optional(),
  logger: z.custom<Logger>((l) => typeof l === 'object' && l !== null && 'error' in l).optional(),
  securityHeaders: securityHeadersOptionsSchema.optional(),
  allowedOrigins: z
    .array(z.string().refine(isOrigin, 'must be an origin such as https://app.example.com (no path, no *)'))
    .optional(),
  maxParamLength: z.number().int().min(1).max(65_536).optional(),
  trustRequestId: z.boolean().optional(),
});

/** A route ready to serve: adapters register `handle` under `method` + `path` with their router. */
export interface KernelRoute {
  readonly method: Route['method'];
  readonly path: string;
  readonly route: Route;
  /** Runs the whole pipeline for a request already routed here (adapters fill `params`). */
  handle(request: TrussRequest): Promise<TrussResponse>;
}

/** The framework-agnostic HTTP kernel. */
export interface Kernel {
  /** Every route with its compiled pipeline, in declaration order. */
  readonly routes: readonly KernelRoute[];
  /** Largest accepted request body in bytes: adapters configure their framework with it. */
  readonly bodyLimit: number;
  /** Longest path parameter in characters: adapters configure their framework's router with it. */
  readonly maxParamLength: number;
  /**
   * The route serving `method` + `path` with its decoded path parameters, or `null` when none does
   * (answer {@link Kernel.notFound} then). For adapters that route with the kernel's own router.
   */
  match(method: string, path: string): { route: KernelRoute; params: Record<string, string> } | null;
  /** Routes and serves a request (used by fetch-style adapters and tests). */
  handle(request: Omit<TrussRequest, 'params'>): Promise<TrussResponse>;
  /**
   * The response for a request no route serves: 404 `not_found`; 405 with `Allow` for a known path;
   * the answer to a CORS preflight; 400 for a path with a malformed percent-encoding; 414 for a path
   * parameter over `maxParamLength`. Pass the request's headers and protocol when you have them.
   */
  notFound(request: RequestHead): TrussResponse;
  /**
   * Renders a thrown value (a framework's own error, say) as the documented error response, with
   * the security (and CORS) headers of `request` when given.
   */
  renderError(error: unknown, request?: Partial<Pick<RequestHead, 'headers' | 'protocol'>>): TrussResponse;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

function givenRequestId(request: TrussRequest): string | null {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : null;
}

/** The per-request context: `log` is made on first use, so a request that logs nothing pays nothing. */
class Context implements RequestContext {
  principal: Principal | null = null;
  readonly state: Record<string, unknown> = {};
  readonly request: TrussRequest;
  readonly route: RequestContext['route'];
  readonly requestId: string;
  readonly #logger: Logger;
  #log: Logger | undefined;

  constructor(request: TrussRequest, route: RequestContext['route'], requestId: string, logger: Logger) {
    this.request = request;
    this.route = route;
    this.requestId = requestId;
    this.#logger = logger;
  }

  get log(): Logger {
    this.#log ??= childLogger(this.#logger, { requestId: this.requestId });
    return this.#log;
  }
}

function bearerToken(request: TrussRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  if (typeof header !== 'string')
    throw new TrussError('invalid_token', 'Send exactly one Authorization header');
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'bearer') {
    throw new TrussError('unauthorized', 'Authorization must use the Bearer scheme');
  }
  const token = header.slice(space + 1).trim();
  if (token.length === 0) throw new TrussError('unauthorized', 'Bearer token is empty');
  return token;
}

function authMiddleware(route: Route, authenticate: Authenticate): Middleware {
  const required = route.auth === 'required';
  return async (ctx, next) => {
    const token = bearerToken(ctx.request);
    if (token === null) {
      if (required) throw new TrussError('unauthorized', 'Authentication required');
    } else {
      ctx.principal = await authenticate(token, ctx.request);
    }
    return next();
  };
}

function compose(middleware: readonly Middleware[], last: (ctx: RequestContext) => Promise<TrussResponse>) {
  return middleware.reduceRight<(ctx: RequestContext) => Promise<TrussResponse>>(
    (next, mw) => (ctx) => mw(ctx, () => next(ctx)),
    last,
  );
}

/**
 * Builds the kernel: every route's pipeline is composed once, here, so a request pays only for the
 * steps its route uses. Order per request: global middleware → authentication → `afterAuthentication` → route middleware →
 * input validation (params, query, body) → handler; any error, anywhere, is rendered as
 * `{ error, message }` with the status of its code.
 *
 * @example
 * ```ts
 * const kernel = createKernel({ routes: [health, me], authenticate: auth.authenticate });
 * const res = await kernel.handle({ method: 'GET', path: '/healthz', headers: {}, query: {}, body: undefined });
 * ```
 */
export function createKernel(options: KernelOptions): Kernel {
  parseInput(optionsSchema, options, 'kernel options');
  const logger = options.logger ?? createJsonLogger();
  const requestIdOf = options.trustRequestId
    ? (request: TrussRequest) => givenRequestId(request) ?? globalThis.crypto.randomUUID()
    : () => globalThis.crypto.randomUUID();
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const maxParamLength = options.maxParamLength ?? 100;
  const { authenticate } = options;
  const secure = securityHeaders(options.securityHeaders);
  const cors = createCors(options.allowedOrigins ?? []);

  /** Every response the kernel makes leaves through here: security headers, then CORS. */
  function finish(
    response: TrussResponse,
    request: Partial<Pick<RequestHead, 'headers' | 'protocol'>> | undefined,
  ): TrussResponse {
    secure(response.headers, request?.protocol === 'https');
    cors?.decorate(response.headers, request);
    return response;
  }

  const compiled = options.routes.map((route): KernelRoute => {
    const steps: Middleware[] = [...(options.middleware ?? [])];
    if (route.auth !== 'none') {
      if (!authenticate)
        throw new Error(`Route ${route.method} ${route.path} needs auth, but no authenticate was given`);
      steps.push(authMiddleware(route, authenticate));
    }
    steps.push(...(options.afterAuthentication ?? []), ...route.middleware);
    const run = compose(steps, async (ctx) => {
      const { request } = ctx;
      const params = route.params
        ? parseInput(route.params, request.params, 'path parameters')
        : request.params;
      const query = route.query ? parseInput(route.query, request.query, 'query') : request.query;
      const body = route.body
        ? parseInput(route.body, parseJsonBody(request.body, request.headers, bodyLimit), 'body')
        : undefined;
      const reply = await route.handler({ params, query, body, principal: ctx.principal, ctx });
      const response: TrussResponse = {
        status: reply.status ?? 200,
        headers: reply.headers ?? {},
        body: reply.body,
      };
      if (reply.stream) response.stream = reply.stream;
      return response;
    });
    const info = Object.freeze({ method: route.method, path: route.path });
    return {
      method: route.method,
      path: route.path,
      route,
      async handle(given) {
        const request = { ...given, query: toSafeQuery(given.query) };
        const requestId = requestIdOf(request);
        let response: TrussResponse;
        try {
          const answer = await run(new Context(request, info, requestId, logger));
          // A route may answer the same headers object every time: this request's headers are its own.
          response = { ...answer, headers: { ...answer.headers } };
        } catch (error) {
          response = renderError(error, logger, requestId);
        }
        response.headers['x-request-id'] = requestId;
        return finish(response, request);
      },
    };
  });

  const router = createRouter(compiled, { maxParamLength });

  function unrouted(request: RequestHead): TrussResponse {
    const match = router.find(request.method, request.path);
    if (match.kind === 'invalid') return renderError(match.error, logger);
    if (match.kind === 'method_not_allowed') {
      if (cors?.isPreflight(request)) return cors.preflight(request, match.allow);
      const response = renderError(
        new TrussError('method_not_allowed', `${request.method} is not allowed here`),
        logger,
      );
      response.headers.allow = match.allow.join(', ');
      return response;
    }
    return renderError(new TrussError('not_found', 'No route matches this path'), logger);
  }

  function notFound(request: RequestHead): TrussResponse {
    let response: TrussResponse;
    try {
      response = unrouted(request);
    } catch (error) {
      response = renderError(error, logger);
    }
    return finish(response, request);
  }

  const kernel: Kernel = {
    routes: Object.freeze(compiled),
    bodyLimit,
    maxParamLength,
    match(method, path) {
      const match = router.find(method, path);
      return match.kind === 'found' ? { route: match.route, params: match.params } : null;
    },
    async handle(request) {
      const match = router.find(request.method, request.path);
      if (match.kind !== 'found') return notFound(request);
      return match.route.handle({ ...request, params: match.params });
    },
    notFound,
    renderError: (error, request) => finish(renderError(error, logger), request),
  };
  return Object.freeze(kernel);
}
