import { TrussError } from '@truss/core';
import type { RequestContext, ResponseHeaders } from '@truss/http';

/**
 * The version of an `If-Match: "3"` header (also `W/"3"` and a bare `3`), or `undefined` without
 * one. 422 `validation_error` for anything else.
 *
 * @example
 * ```ts
 * const expected = ifMatchVersion(ctx); // 3 for If-Match: "3"
 * ```
 */
export function ifMatchVersion(ctx: RequestContext): number | undefined {
  const header = ctx.request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header) : null;
  const version = match ? Number(match[1]) : 0;
  if (version < 1) {
    throw new TrussError('validation_error', 'If-Match must be the ETag of the resource, e.g. "3"');
  }
  return version;
}

/**
 * The `ETag` header of a version.
 *
 * @example
 * ```ts
 * return json(view, 200, etag(product.version)); // ETag: "4"
 * ```
 */
export function etag(version: number): ResponseHeaders {
  return { etag: `"${version}"` };
}
