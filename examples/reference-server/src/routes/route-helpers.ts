import { TrussError } from '@truss/core';
import type { RequestContext } from '@truss/http';
import { z } from 'zod';

/** Path parameters of a route on one resource. Any string: an id that is not a UUID is a 404. */
export const idParams = z.strictObject({ id: z.string().min(1).max(200) });

/**
 * A JSON body the service validates itself (the kernel still answers 400 for malformed JSON and
 * 415 for another content type).
 */
export const anyJson = z.unknown();

/**
 * The version of an `If-Match: "3"` header (also `W/"3"` and a bare `3`), or `undefined` without
 * one. 422 for anything else.
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

/** The `ETag` header of a version. */
export function etag(version: number): Record<string, string> {
  return { etag: `"${version}"` };
}
