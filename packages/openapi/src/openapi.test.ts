import { validate } from '@readme/openapi-parser';
import { createFetchHandler, createKernel, defineRoute, json, noContent } from '@truss/http';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOpenApiDocument, DOCS_PAGE_CSP, openApiRoutes } from './index.js';

const item = z.object({ id: z.string(), name: z.string(), price: z.string() });
const routes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/items',
    summary: 'List items',
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      q: z.string().optional(),
    }),
    response: z.object({ items: z.array(item) }),
    handler: () => json({ items: [] }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/items',
    summary: 'Create an item',
    auth: 'required',
    body: z
      .strictObject({ name: z.string().min(1), unit_price: z.string() })
      .transform((b) => ({ name: b.name, unitPrice: b.unit_price })),
    response: item,
    status: 201,
    handler: () => ({ status: 201, body: { id: '1', name: 'x', price: '1.00' } }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/items/:id',
    auth: 'required',
    params: z.object({ id: z.string().uuid() }),
    status: 204,
    handler: () => noContent(),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/items/:id/refresh',
    auth: 'optional',
    body: z.strictObject({ token: z.string() }).optional(),
    handler: () => json({}),
  }),
];
// biome-ignore lint/suspicious/noExplicitAny: the generated document is asserted field by field
type Json = any;
const authenticate = async () => ({ userId: 'u', role: 'user' as const });

describe('createOpenApiDocument', () => {
  const doc = createOpenApiDocument({ routes, info: { title: 'Items', version: '1.2.3' } });

  it('is a valid OpenAPI 3.1 document (checked by @readme/openapi-parser)', async () => {
    await expect(validate(structuredClone(doc) as never)).resolves.toMatchObject({ valid: true });
  });

  it('describes parameters, bodies (client side of transforms) and responses from the zod schemas', () => {
    const list = doc.paths['/api/v1/items']?.get as Json;
    expect(list.parameters).toEqual([
      {
        name: 'limit',
        in: 'query',
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
      },
      { name: 'q', in: 'query', required: false, schema: { type: 'string' } },
    ]);
    expect(list.responses['200'].content['application/json'].schema.properties.items.type).toBe('array');
    expect(list.security).toBeUndefined();

    const create = doc.paths['/api/v1/items']?.post as Json;
    expect(create.requestBody.required).toBe(true);
    expect(create.requestBody.content['application/json'].schema).toMatchObject({
      properties: { name: { type: 'string', minLength: 1 }, unit_price: { type: 'string' } },
      required: ['name', 'unit_price'],
      additionalProperties: false,
    });
    expect(Object.keys(create.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '422', 'default']),
    );
    expect(create.security).toEqual([{ bearerAuth: [] }]);

    const del = doc.paths['/api/v1/items/{id}']?.delete as Json;
    expect(del.parameters).toEqual([
      {
        name: 'id',
        in: 'path',
        required: true,
        schema: expect.objectContaining({ type: 'string', format: 'uuid' }),
      },
    ]);
    expect(del.responses['204']).toEqual({ description: 'No content' });
    expect(del.responses['404'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });

    const refresh = doc.paths['/api/v1/items/{id}/refresh']?.post as Json;
    expect(refresh.requestBody.required).toBe(false);
    expect(refresh.security).toEqual([{ bearerAuth: [] }, {}]);
    expect(doc.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    });
    expect(doc.components.schemas?.Error).toMatchObject({ required: ['error', 'message'] });
  });

  it('describes the Idempotency-Key header and its answers on the routes said to honour it', async () => {
    const withKeys = createOpenApiDocument({
      routes,
      info: { title: 'Items', version: '1.2.3' },
      idempotent: (route) => route.method === 'POST' && route.path === '/api/v1/items',
    });
    await expect(validate(structuredClone(withKeys) as never)).resolves.toMatchObject({ valid: true });
    const create: Json = withKeys.paths['/api/v1/items']?.post;
    expect(create.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    );
    expect(create.responses['409'].description).toMatch(/^`idempotency_key_in_use`/);
    // 422 is validation_error's too: one response naming both codes.
    expect(create.responses['422'].description).toMatch(/`validation_error`.* Or `idempotency_key_reused`/);
    const refresh: Json = withKeys.paths['/api/v1/items/{id}/refresh']?.post;
    expect(refresh.parameters.map((p: Json) => p.name)).not.toContain('Idempotency-Key');
    expect(refresh.responses['409']).toBeUndefined();
  });

  it('refuses two routes for one method and path', () => {
    expect(() =>
      createOpenApiDocument({ routes: [routes[0], routes[0]] as never, info: { title: 'x', version: '1' } }),
    ).toThrow(/Two routes for GET \/api\/v1\/items/);
  });
});

describe('openApiRoutes', () => {
  const all = [...routes, ...openApiRoutes({ routes, info: { title: 'Items', version: '1' } })];
  const fetch = createFetchHandler(createKernel({ routes: all, authenticate }));
  const get = (path: string) => fetch(new Request(`http://local${path}`));

  it('serves the document, which describes every route of the kernel, itself and the page included', async () => {
    const doc: Json = await (await get('/api/v1/openapi.json')).json();
    const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const served = all.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(described.sort()).toEqual(served.sort());
    expect(served).toContain('GET /docs/swagger-ui-bundle.js');
  });

  it('serves the page and its assets from swagger-ui-dist with a strict CSP and no inline script', async () => {
    const page = await get('/docs');
    expect(page.headers.get('content-security-policy')).toBe(DOCS_PAGE_CSP);
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|<style|style=/);
    expect(html).toContain('data-spec-url="/api/v1/openapi.json"');
    const bundle = await get('/docs/swagger-ui-bundle.js');
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect(Number(bundle.headers.get('content-length'))).toBeGreaterThan(1_000_000);
    expect((await get('/docs/swagger-ui.css')).headers.get('content-type')).toMatch(/text\/css/);
    expect(await (await get('/docs/init.js')).text()).toContain('SwaggerUIBundle(');
  });
});
