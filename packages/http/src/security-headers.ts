import { z } from 'zod';
import type { ResponseHeaders } from './types.js';

/**
 * The Content-Security-Policy of an API response: a JSON body loads nothing and is framed by no
 * one. The kernel's default for every response.
 *
 * @example
 * ```ts
 * createKernel({ routes, securityHeaders: { contentSecurityPolicy: API_CONTENT_SECURITY_POLICY } });
 * ```
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The security headers the kernel puts on every response it makes — a route's answer, 404/405, an
 * error raised by the framework, a request the HTTP parser refused. A header the route's reply
 * already carries is left as the route set it: a route that serves HTML sends its own
 * `content-security-policy`, a route that serves public data its own `cache-control`.
 *
 * @example
 * ```ts
 * const options: SecurityHeadersOptions = { strictTransportSecurity: 'max-age=63072000; includeSubDomains; preload' };
 * ```
 */
export interface SecurityHeadersOptions {
  /** `Content-Security-Policy` of responses whose route set none. Default {@link API_CONTENT_SECURITY_POLICY}. */
  contentSecurityPolicy?: string;
  /**
   * `Strict-Transport-Security`, sent on responses to `https` requests only (TLS, or a trusted
   * proxy's `X-Forwarded-Proto: https`); `false` never sends it. Default
   * `max-age=31536000; includeSubDomains`.
   */
  strictTransportSecurity?: string | false;
  /** `Referrer-Policy`. Default `no-referrer`. */
  referrerPolicy?: string;
  /**
   * `Cache-Control` of responses whose route set none. Default `no-store`: answers that carry
   * personal data or tokens are never kept by a browser or a shared cache; a route serving public
   * data opts in to caching with its own header.
   */
  cacheControl?: string;
}

const headerValue = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[\t\x20-\x7e]+$/, 'must be printable ASCII on one line');

/** Validates {@link SecurityHeadersOptions}. */
export const securityHeadersOptionsSchema = z.strictObject({
  contentSecurityPolicy: headerValue.optional(),
  strictTransportSecurity: z.union([headerValue, z.literal(false)]).optional(),
  referrerPolicy: headerValue.optional(),
  cacheControl: headerValue.optional(),
});

function has(headers: ResponseHeaders, name: string): boolean {
  if (name in headers) return true;
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return true;
  return false;
}

/**
 * The function that adds the security headers to a response's headers, filling only what the
 * route left unset; HSTS only when `https`. The kernel calls it on every response it makes.
 *
 * @example
 * ```ts
 * const secure = securityHeaders({});
 * secure(response.headers, request.protocol === 'https');
 * ```
 */
export function securityHeaders(
  options: SecurityHeadersOptions = {},
): (headers: ResponseHeaders, https: boolean) => void {
  const always: Array<[string, string]> = [
    ['content-security-policy', options.contentSecurityPolicy ?? API_CONTENT_SECURITY_POLICY],
    ['x-content-type-options', 'nosniff'],
    ['referrer-policy', options.referrerPolicy ?? 'no-referrer'],
    ['cache-control', options.cacheControl ?? 'no-store'],
  ];
  const hsts =
    options.strictTransportSecurity === false
      ? null
      : (options.strictTransportSecurity ?? 'max-age=31536000; includeSubDomains');
  return (headers, https) => {
    for (const [name, value] of always) if (!has(headers, name)) headers[name] = value;
    if (hsts !== null && https && !has(headers, 'strict-transport-security')) {
      headers['strict-transport-security'] = hsts;
    }
  };
}
