import type { Principal } from '@truss/core';
import type { z } from 'zod';
import type { AuthMode, HttpMethod, Middleware, Reply, RequestContext } from './types.js';

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;
/** The body a handler answers: what the `response` schema reads (its input), else anything. */
type ResponseBody<S> = S extends z.ZodType ? z.input<S> : unknown;

/** What a handler receives: validated, typed input and the caller. */
export interface HandlerContext<A extends AuthMode, P, Q, B> {
  /** Path parameters, parsed by the route's `params` schema. */
  params: P;
  /** Query parameters, parsed by the route's `query` schema. */
  query: Q;
  /** The body, parsed by the route's `body` schema. */
  body: B;
  /** The caller; never `null` on a route with `auth: 'required'`. */
  principal: A extends 'required' ? Principal : Principal | null;
  /** The whole request context (request, request id, middleware state). */
  ctx: RequestContext;
}

/**
 * What a route is, without its handler: method, path, auth and the zod schemas of its input and of
 * its success response. A contract is plain data with no server code, so a client (a browser app,
 * `@truss/client`) can import it to type its calls and validate its forms, and OpenAPI can be
 * generated from it. `defineRoute({ ...contract, handler })` serves it.
 *
 * @example
 * ```ts
 * const getItem = {
 *   method: 'GET',
 *   path: '/items/:id',
 *   auth: 'required',
 *   params: z.object({ id: z.string() }),
 *   response: z.object({ id: z.string(), name: z.string() }),
 * } as const satisfies RouteContract;
 * ```
 */
export interface RouteContract<
  A extends AuthMode = AuthMode,
  PS = z.ZodType | undefined,
  QS = z.ZodType | undefined,
  BS = z.ZodType | undefined,
  RS = z.ZodType | undefined,
> {
  method: HttpMethod;
  /** Path with `:name` parameters, e.g. `/api/v1/users/:id`. */
  path: string;
  /** One line for docs and OpenAPI. */
  summary?: string;
  /** Default `none`. */
  auth?: A;
  params?: PS;
  query?: QS;
  body?: BS;
  /**
   * The success body: a JSON schema of what the handler answers (its input side: what the handler
   * builds). Documentation and client types only; the kernel does not validate responses.
   */
  response?: RS;
  /** The success status, for documentation (OpenAPI). Default 200. */
  status?: number;
}

/** A route as declared: its contract, its middleware and its handler. */
export interface RouteSpec<A extends AuthMode, PS, QS, BS, RS = undefined>
  extends RouteContract<A, PS, QS, BS, RS> {
  /** Middleware run for this route only, after authentication and before validation. */
  middleware?: readonly Middleware[];
  handler: (
    input: HandlerContext<A, Output<PS>, Output<QS>, Output<BS>>,
  ) => Reply<ResponseBody<RS>> | Promise<Reply<ResponseBody<RS>>>;
}

/** A declared route, its types erased, as the kernel stores it. */
export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string | undefined;
  readonly auth: AuthMode;
  readonly params: z.ZodType | undefined;
  readonly query: z.ZodType | undefined;
  readonly body: z.ZodType | undefined;
  /** Schema of the success body, when declared (see {@link RouteContract.response}). */
  readonly response: z.ZodType | undefined;
  /** The success status (see {@link RouteContract.status}). */
  readonly status: number;
  readonly middleware: readonly Middleware[];
  readonly handler: (input: HandlerContext<AuthMode, unknown, unknown, unknown>) => Reply | Promise<Reply>;
}

/**
 * Declares a route once, for every adapter. The handler's `params`, `query` and `body` are typed
 * from the zod schemas; input that fails them never reaches it (422 `validation_error`). With a
 * `response` schema, the handler must answer a body of that schema.
 *
 * @example
 * ```ts
 * const getUser = defineRoute({
 *   method: 'GET',
 *   path: '/api/v1/users/:id',
 *   auth: 'required',
 *   params: z.object({ id: z.string() }),
 *   handler: async ({ params, principal }) => ({ body: await users.get(params.id, principal) }),
 * });
 * ```
 */
export function defineRoute<
  const A extends AuthMode = 'none',
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
  RS extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<A, PS, QS, BS, RS>): Route {
  if (!spec.path.startsWith('/')) throw new TypeError(`Route path must start with "/": ${spec.path}`);
  return Object.freeze({
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    auth: spec.auth ?? 'none',
    params: spec.params,
    query: spec.query,
    body: spec.body,
    response: spec.response,
    status: spec.status ?? 200,
    middleware: spec.middleware ?? [],
    handler: spec.handler as Route['handler'],
  });
}
