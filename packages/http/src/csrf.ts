import { parseInput, TrussError } from '@truss/core';
import { z } from 'zod';
import { isOrigin, singleHeader } from './cors.js';
import type { Middleware, TrussRequest } from './types.js';

/** Options of {@link csrfProtection}. */
export interface CsrfOptions {
  /**
   * Origins besides the server's own whose pages may call the route with the browser's cookies
   * (e.g. `https://app.example.com`). Default none: same-origin pages only.
   */
  allowedOrigins?: readonly string[];
}

const optionsSchema = z.strictObject({
  allowedOrigins: z
    .array(z.string().refine(isOrigin, 'must be an origin such as https://app.example.com'))
    .optional(),
});

/** `scheme://host` of the server as this request addressed it. */
function ownOrigin(request: TrussRequest): string | undefined {
  const host = singleHeader(request.headers, 'host');
  return host === undefined ? undefined : `${request.protocol ?? 'http'}://${host.toLowerCase()}`;
}

/** Why `request` is refused as cross-site, or `null` when it may go on. */
function refusal(request: TrussRequest, allowed: ReadonlySet<string>): string | null {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  if (typeof site === 'object' || typeof origin === 'object') return 'Send one Origin and one Sec-Fetch-Site';
  // Set by the browser itself, never by a page: a same-origin request or one the user started.
  if (site === 'same-origin' || site === 'none') return null;
  if (origin !== undefined) {
    if (allowed.has(origin) || origin === ownOrigin(request)) return null;
    return 'Requests from this origin may not use this endpoint';
  }
  // A browser that says cross-site (or same-site) without an Origin to check against the list.
  if (site !== undefined) return 'Cross-site requests may not use this endpoint';
  // Neither header: not a browser (curl, a server): no cookie of a victim's browser rides along.
  return null;
}

/**
 * CSRF protection beyond `SameSite` for a route that takes its credentials from a cookie: refuses,
 * with 403 `forbidden`, a request a browser sent from another site. The rule, in order:
 *
 * 1. `Sec-Fetch-Site: same-origin` or `none` (set by the browser, not by a page) → allowed;
 * 2. an `Origin` header → allowed only when it is the server's own origin (the request's scheme and
 *    `Host`) or one of `allowedOrigins`; `Origin: null` (a sandboxed or opaque page) is refused;
 * 3. `Sec-Fetch-Site: same-site` or `cross-site` without an `Origin` → refused;
 * 4. neither header → allowed: a non-browser client (curl, a server passing the token in the body)
 *    carries no victim's cookie, and every browser sends at least one of the two on a cross-site
 *    `POST`.
 *
 * Put it in the route's `middleware`; the kernel's CORS answers preflights from the same list.
 *
 * @example
 * ```ts
 * defineRoute({ ...contract.refresh, middleware: [csrfProtection({ allowedOrigins: ['https://app.example.com'] })], handler });
 * ```
 */
export function csrfProtection(options: CsrfOptions = {}): Middleware {
  parseInput(optionsSchema, options, 'CSRF options');
  const allowed: ReadonlySet<string> = new Set(options.allowedOrigins ?? []);
  return async (ctx, next) => {
    const reason = refusal(ctx.request, allowed);
    if (reason !== null) throw new TrussError('forbidden', reason);
    return next();
  };
}
