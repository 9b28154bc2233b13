import { parseCookie, stringifySetCookie } from 'cookie';
import type { ResponseHeaders, TrussRequest } from './types.js';

/** Attributes of a cookie the server sets. The defaults are the safe ones. */
export interface CookieOptions {
  /** Default `true`: scripts cannot read the cookie. */
  httpOnly?: boolean;
  /** Default `true`: sent over HTTPS only. Set `false` for plain-http local development. */
  secure?: boolean;
  /** Default `'strict'`. */
  sameSite?: 'strict' | 'lax' | 'none';
  /** Default `/`. */
  path?: string;
  /** Lifetime in seconds; omit for a session cookie, `0` to delete. */
  maxAge?: number;
  domain?: string;
}

/**
 * The value of cookie `name` on the request, or `undefined`. A malformed `Cookie` header reads as
 * no cookies.
 *
 * @example
 * ```ts
 * const token = readCookie(ctx.request, 'truss_refresh');
 * ```
 */
export function readCookie(request: Pick<TrussRequest, 'headers'>, name: string): string | undefined {
  const header = request.headers.cookie;
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (typeof text !== 'string' || text.length === 0) return undefined;
  try {
    return parseCookie(text)[name];
  } catch {
    return undefined;
  }
}

/**
 * A `Set-Cookie` header value, `HttpOnly; Secure; SameSite=Strict; Path=/` unless told otherwise.
 *
 * @example
 * ```ts
 * serializeCookie('truss_refresh', token, { path: '/api/v1/auth', maxAge: 604800 });
 * ```
 */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  return stringifySetCookie({
    name,
    value,
    httpOnly: options.httpOnly ?? true,
    secure: options.secure ?? true,
    sameSite: options.sameSite ?? 'strict',
    path: options.path ?? '/',
    ...(options.maxAge !== undefined && { maxAge: options.maxAge }),
    ...(options.domain !== undefined && { domain: options.domain }),
  });
}

/**
 * Adds `Set-Cookie` values to response headers, keeping any already there.
 *
 * @example
 * ```ts
 * return { body, headers: withCookies({}, serializeCookie('a', '1')) };
 * ```
 */
export function withCookies(headers: ResponseHeaders, ...cookies: string[]): ResponseHeaders {
  const existing = headers['set-cookie'];
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  return { ...headers, 'set-cookie': [...list, ...cookies] };
}
