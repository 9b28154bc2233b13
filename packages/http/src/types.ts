import type { Logger, Principal } from '@truss/core';

/** HTTP methods a route can be declared for. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Header values as Node gives them: lower-case names; repeated headers as arrays. */
export type HeaderValues = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The request as the kernel sees it: a small plain object that any framework's request converts to
 * cheaply. Adapters build it; the kernel never sees a framework object.
 */
export interface TrussRequest {
  /** Upper-case method, e.g. `GET`. */
  readonly method: string;
  /** The path without the query string, e.g. `/api/v1/users/me`. */
  readonly path: string;
  /** Request headers with lower-case names. */
  readonly headers: HeaderValues;
  /**
   * The parsed query string (repeated keys as arrays). The kernel hands middleware and handlers a
   * copy without a prototype, so `?__proto__=…` or `?constructor=…` are plain keys, never inherited
   * members.
   */
  readonly query: Readonly<Record<string, unknown>>;
  /** Path parameters matched by the router, e.g. `{ id: '…' }`. */
  readonly params: Readonly<Record<string, string>>;
  /**
   * The raw body text, or `undefined` when there is none. The kernel parses it by content type, so
   * every adapter behaves the same on malformed input.
   */
  readonly body: string | undefined;
  /** The client's address as the framework sees it (after its proxy settings). */
  readonly ip?: string | undefined;
  /**
   * `https` when the request came over TLS, or through a trusted proxy that says so
   * (`X-Forwarded-Proto`, as the framework's proxy settings decide); `http` otherwise. The kernel
   * sends `Strict-Transport-Security` on `https` only. Default `http`.
   */
  readonly protocol?: 'http' | 'https' | undefined;
}

/**
 * What the kernel reads of a request that reached no route (404/405, a CORS preflight, an error the
 * framework raised): method and path, plus headers and protocol when the adapter has them (CORS and
 * HSTS need them).
 */
export type RequestHead = Pick<TrussRequest, 'method' | 'path'> &
  Partial<Pick<TrussRequest, 'headers' | 'protocol'>>;

/** What the kernel answers: adapters write it out as it is. */
export interface TrussResponse {
  status: number;
  /** Response headers; a header sent several times (`set-cookie`) is an array. */
  headers: ResponseHeaders;
  /** A JSON value to serialize, or `undefined` for no body. */
  body: unknown;
  /**
   * A body streamed chunk by chunk instead of `body` (exports, large lists). Adapters write it with
   * backpressure, so a large export neither buffers in memory nor blocks other requests. The
   * handler sets `content-type`.
   */
  stream?: AsyncIterable<string | Uint8Array>;
}

/** Response header values by lower-case name; arrays for headers sent several times. */
export type ResponseHeaders = Record<string, string | string[]>;

/**
 * What a route handler returns: status (default 200), extra headers and a JSON body or a stream.
 * `B` is the body's type: a route that declares a `response` schema must answer a body of it.
 */
export interface Reply<B = unknown> {
  status?: number;
  headers?: ResponseHeaders;
  body?: B;
  /** A streamed body; see {@link TrussResponse.stream}. */
  stream?: AsyncIterable<string | Uint8Array>;
}

/**
 * Whether a route needs credentials: `required` answers 401 without a valid Bearer token, `optional`
 * reads one when present, `none` ignores the header.
 */
export type AuthMode = 'required' | 'optional' | 'none';

/** Per-request state that middleware and the handler share. */
export interface RequestContext {
  readonly request: TrussRequest;
  /** The route that matched. */
  readonly route: { readonly method: HttpMethod; readonly path: string };
  /** The authenticated caller, `null` when there is none (yet). */
  principal: Principal | null;
  /**
   * The request id: generated, or taken from a sane `x-request-id` header when the kernel trusts
   * it (`trustRequestId`: behind a proxy that sets it). Sent back as `x-request-id`.
   */
  readonly requestId: string;
  /**
   * The kernel's logger with `requestId` bound: every line logged through it carries the request
   * id. Created on first use.
   *
   * @example
   * ```ts
   * ctx.log.info({ orderId }, 'order paid'); // {"requestId":"…","orderId":"…","msg":"order paid"}
   * ```
   */
  readonly log: Logger;
  /** Free slots for middleware, keyed by a name of the middleware's choosing. */
  readonly state: Record<string, unknown>;
}

/**
 * A middleware: does its work around `next()`. It may answer early (return without calling
 * `next`), throw a `TrussError`, or change the response `next` returns.
 *
 * @example
 * ```ts
 * const servedBy: Middleware = async (ctx, next) => {
 *   const res = await next();
 *   res.headers['x-served-by'] = 'eu-west-1';
 *   return res;
 * };
 * ```
 */
export type Middleware = (ctx: RequestContext, next: () => Promise<TrussResponse>) => Promise<TrussResponse>;

/**
 * Verifies a Bearer token and says who presented it. Throws a `TrussError` (`invalid_token`,
 * `token_expired`) when the token is not acceptable. `@truss/auth` provides one.
 */
export type Authenticate = (token: string, request: TrussRequest) => Promise<Principal>;
