import { TrussError } from '@truss/core';
import type { HeaderValues, RequestHead, ResponseHeaders, TrussResponse } from './types.js';

/**
 * Whether `value` is a web origin as browsers send it in `Origin`: `http` or `https`, a host, an
 * optional port, nothing else (no path, no trailing slash). `null` and `*` are not origins.
 *
 * @example
 * ```ts
 * isOrigin('https://app.example.com'); // true
 * isOrigin('https://app.example.com/'); // false
 * ```
 */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** Request headers a listed origin may send (what the API reads). */
const ALLOWED_HEADERS = 'authorization, content-type, if-match, if-none-match, idempotency-key, x-request-id';
/** Response headers a listed origin's script may read. */
const EXPOSED_HEADERS =
  'allow, etag, idempotent-replayed, location, retry-after, www-authenticate, x-request-id';

/** The one value of a request header, or `undefined` when it is absent or sent several times. */
export function singleHeader(headers: HeaderValues | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === 'string' ? value : undefined;
}

function appendVary(headers: ResponseHeaders, value: string): void {
  const current = headers.vary;
  headers.vary = current === undefined ? value : `${String(current)}, ${value}`;
}

/** CORS for a fixed list of origins: the kernel's preflight answers and response headers. */
export interface Cors {
  /** Whether `request` is a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`). */
  isPreflight(request: RequestHead): boolean;
  /**
   * The answer to a preflight on a path that serves the methods `allow`: 204 with the CORS grants
   * for a listed origin, 403 `forbidden` for any other.
   */
  preflight(request: RequestHead, allow: readonly string[]): TrussResponse;
  /** Adds `Vary: Origin`, and the grants when the request's origin is listed, to a response. */
  decorate(headers: ResponseHeaders, request: Pick<RequestHead, 'headers'> | undefined): void;
}

/**
 * CORS from an allow-list: only a listed origin gets `Access-Control-Allow-Origin` (its own value,
 * never `*`) and `Access-Control-Allow-Credentials: true`; `null` is never listed. `null` when the
 * list is empty: same-origin clients need no CORS.
 *
 * @example
 * ```ts
 * const cors = createCors(['https://app.example.com']);
 * ```
 */
export function createCors(allowedOrigins: readonly string[]): Cors | null {
  if (allowedOrigins.length === 0) return null;
  const allowed = new Set(allowedOrigins);
  const listedOrigin = (headers: HeaderValues | undefined) => {
    const origin = singleHeader(headers, 'origin');
    return origin !== undefined && allowed.has(origin) ? origin : undefined;
  };
  const grant = (headers: ResponseHeaders, origin: string) => {
    headers['access-control-allow-origin'] = origin;
    headers['access-control-allow-credentials'] = 'true';
  };
  return {
    isPreflight: (request) =>
      request.method === 'OPTIONS' &&
      singleHeader(request.headers, 'access-control-request-method') !== undefined,
    preflight(request, allow) {
      const origin = listedOrigin(request.headers);
      if (origin === undefined) {
        throw new TrussError('forbidden', 'This origin may not call the API from a browser');
      }
      const headers: ResponseHeaders = {
        'access-control-allow-methods': allow.join(', '),
        'access-control-allow-headers': ALLOWED_HEADERS,
        'access-control-max-age': '600',
      };
      grant(headers, origin);
      return { status: 204, headers, body: undefined };
    },
    decorate(headers, request) {
      appendVary(headers, 'Origin');
      const origin = listedOrigin(request?.headers);
      if (origin === undefined) return;
      grant(headers, origin);
      if (headers['access-control-allow-methods'] === undefined) {
        headers['access-control-expose-headers'] = EXPOSED_HEADERS;
      }
    },
  };
}
