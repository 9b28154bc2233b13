import { parseInput } from '@truss/core';
import { z } from 'zod';
import type { Middleware, ResponseHeaders, TrussResponse } from './types.js';

/**
 * Options of {@link httpCache}.
 *
 * @example
 * ```ts
 * const options: HttpCacheOptions = { publicRoutes: ['/api/v1/products'], publicMaxAgeSeconds: 60 };
 * ```
 */
export interface HttpCacheOptions {
  /**
   * Route path prefixes whose GET answers are the same for everyone (the catalogue): `Cache-Control:
   * public`. Every other GET answer is personal: `Vary: Authorization`, and the kernel's `no-store`.
   */
  publicRoutes?: readonly string[];
  /** `max-age` of public answers, seconds. Default 0: `public, no-cache` (store, but revalidate each time). */
  publicMaxAgeSeconds?: number;
}

const optionsSchema = z.strictObject({
  publicRoutes: z.array(z.string().startsWith('/')).default([]),
  publicMaxAgeSeconds: z.number().int().min(0).max(31_536_000).default(0),
});

async function hashOf(body: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  let text = '';
  for (const byte of digest.subarray(0, 18)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_');
}

/** Whether `If-None-Match` names `etag` (weak comparison, RFC 9110 §13.1.2). */
function matches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => bare(tag) === bare(etag));
}

function appendVary(headers: ResponseHeaders, value: string): void {
  const current = headers.vary;
  const list = (Array.isArray(current) ? current.join(',') : (current ?? '')).split(',').map((v) => v.trim());
  if (!list.some((v) => v.toLowerCase() === value.toLowerCase() || v === '*'))
    headers.vary = [...list.filter(Boolean), value].join(', ');
}

/**
 * HTTP caching for GET answers (spec §8.2, browser layer), as global kernel middleware:
 *
 * - every `200` JSON answer carries an `ETag` — the route's own (a version, `"3"`) or a hash of the
 *   body (`W/"…"`) — and a request whose `If-None-Match` names it gets `304 Not Modified` with no body;
 * - `Cache-Control` is `public` on `publicRoutes` (the catalogue) unless the route set its own;
 *   every other answer is personal: it gets `Vary: Authorization` and keeps the kernel's security
 *   default, `Cache-Control: no-store` (stricter than `private`: never stored, by a shared cache or
 *   the browser).
 *
 * Streamed answers and other methods pass untouched.
 *
 * @example
 * ```ts
 * createKernel({ routes, middleware: [httpCache({ publicRoutes: ['/api/v1/products'] })] });
 * ```
 */
export function httpCache(options: HttpCacheOptions = {}): Middleware {
  const config = parseInput(optionsSchema, options, 'HTTP cache options');
  const publicControl =
    config.publicMaxAgeSeconds > 0 ? `public, max-age=${config.publicMaxAgeSeconds}` : 'public, no-cache';
  return async (ctx, next) => {
    const response = await next();
    if (
      ctx.request.method !== 'GET' ||
      response.status !== 200 ||
      response.stream ||
      response.body === undefined
    )
      return response;
    const { headers } = response;
    const isPublic = config.publicRoutes.some((prefix) => ctx.route.path.startsWith(prefix));
    if (isPublic && !headers['cache-control']) headers['cache-control'] = publicControl;
    // Personal answers keep the kernel's security default (`no-store`, stricter than `private`).
    if (!isPublic) appendVary(headers, 'Authorization');
    const etag = typeof headers.etag === 'string' ? headers.etag : `W/"${await hashOf(response.body)}"`;
    headers.etag = etag;
    const ifNoneMatch = ctx.request.headers['if-none-match'];
    if (typeof ifNoneMatch === 'string' && matches(ifNoneMatch, etag)) {
      const kept: ResponseHeaders = {};
      for (const name of ['etag', 'cache-control', 'vary', 'expires', 'content-location']) {
        const value = headers[name];
        if (value !== undefined) kept[name] = value;
      }
      return { status: 304, headers: kept, body: undefined } satisfies TrussResponse;
    }
    return response;
  };
}
