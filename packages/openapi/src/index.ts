/**
 * OpenAPI 3.1 for a Truss kernel, generated from the zod schemas its routes validate with, and an
 * interactive reference page (Swagger UI, from the `swagger-ui-dist` package's files, no CDN) that
 * works under a strict Content-Security-Policy.
 *
 * @example
 * ```ts
 * import { openApiRoutes } from '@truss/openapi';
 *
 * const routes = [...api.routes, ...openApiRoutes({ routes: api.routes, info: { title: 'Shop', version: '1.0.0' } })];
 * ```
 *
 * @module @truss/openapi
 */

export type { DocsPageOptions } from './docs-page.js';
export { DOCS_PAGE_CSP, docsPageRoutes } from './docs-page.js';
export type { JsonSchema, OpenApiDocument, OpenApiOptions } from './openapi-document.js';
export { createOpenApiDocument } from './openapi-document.js';
export type { OpenApiRoutesOptions } from './openapi-routes.js';
export { openApiRoutes } from './openapi-routes.js';
