import { defineRoute, type Route } from './route.js';
import type { ResponseHeaders } from './types.js';

/**
 * A file to serve: its URL path (`/assets/index-3f2a.js`) and its bytes.
 *
 * @example
 * ```ts
 * const file: StaticFile = { path: '/index.html', body: new TextEncoder().encode('<!doctype html>…') };
 * ```
 */
export interface StaticFile {
  readonly path: string;
  readonly body: Uint8Array;
}

/** Options of {@link staticRoutes}. */
export interface StaticRoutesOptions {
  /** Headers on every file, e.g. the `content-security-policy` of a web app. */
  headers?: ResponseHeaders;
  /** The `cache-control` of a file by its path. Default: `no-cache` (revalidate every time). */
  cacheControl?: (path: string) => string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
};

/**
 * The content type of a file by its extension; `application/octet-stream` for one not listed.
 *
 * @example
 * ```ts
 * contentTypeOf('/assets/app.css'); // 'text/css; charset=utf-8'
 * ```
 */
export function contentTypeOf(path: string): string {
  const dot = path.lastIndexOf('.');
  const extension = dot < 0 ? '' : path.slice(dot + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/** The paths a file answers at: its own, and its folder's for an `index.html`. */
function pathsOf(path: string): string[] {
  if (path === '/index.html') return ['/', path];
  if (path.endsWith('/index.html')) return [path.slice(0, -'/index.html'.length), path];
  return [path];
}

async function* once(body: Uint8Array): AsyncIterable<Uint8Array> {
  yield body;
}

/**
 * `GET` routes that serve files held in memory — a built single-page app, say — with their content
 * type, `nosniff`, a `cache-control` and the headers you give. `/index.html` is served at `/` too,
 * and `/a/index.html` at `/a`. The files are whatever you pass (read them once at startup), so the
 * kernel touches no file system; paths with `:` or `*` are refused (the router reads them as
 * parameters).
 *
 * @example
 * ```ts
 * const routes = staticRoutes(files, {
 *   headers: { 'content-security-policy': "default-src 'self'" },
 *   cacheControl: (path) => (path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
 * });
 * createKernel({ routes: [...api.routes, ...routes], authenticate: api.authenticate });
 * ```
 */
export function staticRoutes(files: Iterable<StaticFile>, options: StaticRoutesOptions = {}): Route[] {
  const cacheControl = options.cacheControl ?? (() => 'no-cache');
  const routes: Route[] = [];
  for (const file of files) {
    if (!file.path.startsWith('/') || /[:*?#\s]/.test(file.path)) {
      throw new Error(
        `staticRoutes: cannot serve ${JSON.stringify(file.path)} (absolute, no : * ? # or spaces)`,
      );
    }
    const headers: ResponseHeaders = {
      ...options.headers,
      'content-type': contentTypeOf(file.path),
      'content-length': String(file.body.byteLength),
      'cache-control': cacheControl(file.path),
      'x-content-type-options': 'nosniff',
    };
    for (const path of pathsOf(file.path)) {
      routes.push(
        defineRoute({
          method: 'GET',
          path,
          summary: `Static file ${file.path}`,
          handler: () => ({ status: 200, headers: { ...headers }, stream: once(file.body) }),
        }),
      );
    }
  }
  return routes;
}
