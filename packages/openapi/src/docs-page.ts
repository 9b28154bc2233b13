import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { content, defineRoute, type Route } from '@truss/http';
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';

/**
 * The Content-Security-Policy of the reference page: scripts, styles and images from this origin
 * only (Swagger UI's icons are `data:` images), no inline script or style, no framing. The page
 * sets it itself, so a server-wide policy stricter than this one (`default-src 'none'` for JSON)
 * does not break it.
 *
 * @example
 * ```ts
 * res.headers['content-security-policy'] === DOCS_PAGE_CSP;
 * ```
 */
export const DOCS_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
} as const;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, base: string, specUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${base}/swagger-ui.css">
<link rel="icon" type="image/png" href="${base}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-spec-url="${escapeHtml(specUrl)}"></div>
<script src="${base}/swagger-ui-bundle.js"></script>
<script src="${base}/init.js"></script>
</body>
</html>
`;
}

// Swagger UI's own index.html starts it with an inline script, which a strict CSP refuses: this
// file does the same from this origin, reading the document's URL from the page.
const INIT = `"use strict";
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
})();
`;

/** Options of {@link docsPageRoutes}. */
export interface DocsPageOptions {
  /** Where the page is served. Default `/docs`; its assets are served under it. */
  path?: string;
  /** The OpenAPI document the page shows. */
  specUrl: string;
  /** The page's title. Default `API reference`. */
  title?: string;
}

/**
 * `GET /docs`: an interactive API reference (Swagger UI) served from the `swagger-ui-dist` package's
 * own files — no CDN — with its start-up script as a file, so the page works under
 * {@link DOCS_PAGE_CSP} (no inline script or style). Asset files are read once, on first request.
 *
 * @example
 * ```ts
 * const routes = [...api.routes, ...docsPageRoutes({ specUrl: '/api/v1/openapi.json' })];
 * ```
 */
export function docsPageRoutes(options: DocsPageOptions): Route[] {
  const base = (options.path ?? '/docs').replace(/\/$/, '');
  const html = page(options.title ?? 'API reference', base, options.specUrl);
  const headers = { 'content-security-policy': DOCS_PAGE_CSP, 'x-content-type-options': 'nosniff' };
  const cache = new Map<string, Promise<Buffer>>();
  const asset = (name: keyof typeof ASSETS) => {
    let bytes = cache.get(name);
    if (!bytes) {
      bytes = readFile(join(getAbsoluteFSPath(), name));
      cache.set(name, bytes);
    }
    return bytes;
  };
  return [
    defineRoute({
      method: 'GET',
      path: base,
      summary: 'Interactive API reference (Swagger UI)',
      handler: () => content(html, 'text/html; charset=utf-8', { ...headers, 'cache-control': 'no-cache' }),
    }),
    defineRoute({
      method: 'GET',
      path: `${base}/init.js`,
      summary: 'Start-up script of the API reference page',
      handler: () =>
        content(INIT, 'text/javascript; charset=utf-8', { ...headers, 'cache-control': 'no-cache' }),
    }),
    ...(Object.keys(ASSETS) as Array<keyof typeof ASSETS>).map((name) =>
      defineRoute({
        method: 'GET',
        path: `${base}/${name}`,
        summary: `Swagger UI asset: ${name}`,
        handler: async () =>
          content(new Uint8Array(await asset(name)), ASSETS[name], {
            ...headers,
            'cache-control': 'public, max-age=86400',
          }),
      }),
    ),
  ];
}
