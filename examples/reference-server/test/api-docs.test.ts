import { validate } from '@readme/openapi-parser';
import { generateEncryptionKey, generateSigningKey } from '@truss/auth';
import { silentLogger } from '@truss/core';
import { createFetchHandler } from '@truss/http';
import { describeWithTool } from '@truss/testing';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startTestServer, type TestServer } from './helpers.js';

describe('the OpenAPI document of the reference server', () => {
  let app: App;
  // biome-ignore lint/suspicious/noExplicitAny: the document is asserted field by field
  let doc: any;
  beforeAll(async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: 'sqlite::memory:',
      JWT_KEYS: JSON.stringify([await generateSigningKey('EdDSA')]),
      DATA_ENCRYPTION_KEY: generateEncryptionKey(),
    });
    app = await createApp(config, silentLogger);
    const res = await createFetchHandler(app.kernel)(new Request('http://local/api/v1/openapi.json'));
    expect(res.status).toBe(200);
    doc = await res.json();
  });
  afterAll(() => app?.close());

  it('is a valid OpenAPI 3.1 document (@readme/openapi-parser)', async () => {
    const result = await validate(structuredClone(doc));
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('describes every route the kernel serves, and nothing else', () => {
    const served = app.kernel.routes.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`).sort();
    const described = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(described).toEqual(served);
    expect(served.length).toBeGreaterThan(35);
    for (const path of ['/healthz', '/readyz', '/metrics', '/docs', '/api/v1/openapi.json']) {
      expect(doc.paths[path]?.get, path).toBeDefined();
    }
  });

  it('has the bearer scheme, the error shape and the contract schemas', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Error.properties.error.enum).toEqual(
      expect.arrayContaining(['validation_error', 'not_found', 'invalid_credentials', 'rate_limited']),
    );
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(login.security).toBeUndefined();
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    const me = doc.paths['/api/v1/users/me'].get;
    expect(me.security).toEqual([{ bearerAuth: [] }]);
    expect(me.responses['200'].content['application/json'].schema.properties).toHaveProperty('email');
    expect(me.responses['401'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
    const order = doc.paths['/api/v1/orders'].post;
    expect(order.responses['201']).toBeDefined();
    expect(order.requestBody.content['application/json'].schema.properties.items.items.required).toEqual([
      'product_id',
      'quantity',
    ]);
    expect(doc.paths['/api/v1/products'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'min_price', 'max_price', 'in_stock', 'sort']),
    );
  });

  it('names the Idempotency-Key header on the POSTs that honour it, and not on sign-in', () => {
    const names = (op: { parameters?: { name: string }[] }) => (op.parameters ?? []).map((p) => p.name);
    for (const path of [
      '/api/v1/orders',
      '/api/v1/orders/{id}/pay',
      '/api/v1/products',
      '/api/v1/auth/register',
    ])
      expect(names(doc.paths[path].post), path).toContain('Idempotency-Key');
    expect(doc.paths['/api/v1/orders'].post.responses['409'].description).toMatch(/idempotency_key_in_use/);
    expect(names(doc.paths['/api/v1/auth/login'].post)).not.toContain('Idempotency-Key');
    expect(names(doc.paths['/api/v1/products'].get)).not.toContain('Idempotency-Key');
  });
});

describeWithTool(
  'chromium',
  'apt-get install -y chromium',
  'the /docs page in a real browser',
  (chromiumPath) => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer('sqlite', 'fastify');
    });
    afterAll(() => t?.stop());

    it('renders every operation under its strict CSP, without a violation, and calls the API', async () => {
      const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(error.message));
        await page.addInitScript({
          content: `document.addEventListener('securitypolicyviolation', (event) =>
            console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI));`,
        });
        const res = await page.goto(`${t.server.url}/docs`);
        expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
        const spec = (await (await fetch(`${t.server.url}/api/v1/openapi.json`)).json()) as {
          paths: Record<string, object>;
        };
        const operations = Object.values(spec.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
        await page.waitForSelector('.opblock');
        expect(await page.locator('.opblock').count()).toBe(operations);

        // Try GET /api/v1/products from the page: the page may call its own origin.
        const products = page.locator('#operations-products-getApiV1Products');
        await products.locator('.opblock-summary').click();
        await products.getByRole('button', { name: 'Try it out' }).click();
        await products.getByRole('button', { name: 'Execute' }).click();
        await expect
          .poll(() =>
            products.locator('.live-responses-table .response .response-col_status').first().textContent(),
          )
          .toContain('200');
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  },
);
