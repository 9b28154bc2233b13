import { defineRoute, json, type Route } from '@truss/http';
import { type DocsPageOptions, docsPageRoutes } from './docs-page.js';
import { createOpenApiDocument, type OpenApiDocument, type OpenApiOptions } from './openapi-document.js';

/** Options of {@link openApiRoutes}. */
export interface OpenApiRoutesOptions extends OpenApiOptions {
  /** Where the document is served. Default `/api/v1/openapi.json`. */
  path?: string;
  /** The reference page: its options, or `false` for none. Default `{ path: '/docs' }`. */
  docs?: Omit<DocsPageOptions, 'specUrl'> | false;
}

/**
 * `GET /api/v1/openapi.json` (the OpenAPI 3.1 document of `routes` and of these routes themselves)
 * and the reference page at `/docs`. The document is built once, at the first request, and cached.
 *
 * @example
 * ```ts
 * const api = createTrussApi(deps);
 * const routes = [...api.routes, ...openApiRoutes({ routes: api.routes, info: { title: 'Shop', version: '1.0.0' } })];
 * const kernel = createKernel({ ...api, routes });
 * ```
 */
export function openApiRoutes(options: OpenApiRoutesOptions): Route[] {
  const path = options.path ?? '/api/v1/openapi.json';
  const docs =
    options.docs === false
      ? []
      : docsPageRoutes({ title: `${options.info.title}: API reference`, ...options.docs, specUrl: path });
  let document: OpenApiDocument | undefined;
  const self = defineRoute({
    method: 'GET',
    path,
    summary: 'This OpenAPI 3.1 document',
    handler: () => {
      document ??= createOpenApiDocument({ ...options, routes: [...options.routes, self, ...docs] });
      return json(document, 200, { 'cache-control': 'no-cache' });
    },
  });
  // Built now too, so a route the generator cannot describe fails at start, not at the first request.
  createOpenApiDocument({ ...options, routes: [...options.routes, self, ...docs] });
  return [self, ...docs];
}
