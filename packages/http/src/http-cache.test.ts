import { describe, expect, it } from 'vitest';
import { httpCache } from './http-cache.js';
import { createKernel } from './kernel.js';
import { defineRoute } from './route.js';

let price = '1.00';
const kernel = createKernel({
  middleware: [httpCache({ publicRoutes: ['/products'] })],
  routes: [
    defineRoute({ method: 'GET', path: '/products', handler: () => ({ body: { items: [{ price }] } }) }),
    defineRoute({
      method: 'GET',
      path: '/products/:id',
      handler: () => ({ body: { price }, headers: { etag: '"7"' } }),
    }),
    defineRoute({ method: 'GET', path: '/me', handler: () => ({ body: { email: 'ada@example.com' } }) }),
    defineRoute({
      method: 'GET',
      path: '/tokens',
      handler: () => ({ body: { token: 't' }, headers: { 'cache-control': 'no-store' } }),
    }),
    defineRoute({ method: 'POST', path: '/products', handler: () => ({ status: 201, body: { price } }) }),
  ],
});

const get = (path: string, headers: Record<string, string> = {}) =>
  kernel.handle({ method: 'GET', path, headers, query: {}, body: undefined });

describe('httpCache', () => {
  it('tags GET answers with an ETag and answers 304 to a matching If-None-Match, until the body changes', async () => {
    const first = await get('/products');
    expect(first.headers.etag).toMatch(/^W\/"[\w-]+"$/);
    const etag = first.headers.etag as string;
    const again = await get('/products', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    expect(again.headers).toMatchObject({ etag, 'cache-control': 'public, no-cache' });
    expect((await get('/products', { 'if-none-match': `"other", ${etag}` })).status).toBe(304);
    price = '2.00';
    const changed = await get('/products', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it("keeps a route's own ETag (the version) and matches it weakly", async () => {
    const res = await get('/products/1');
    expect(res.headers.etag).toBe('"7"');
    expect((await get('/products/1', { 'if-none-match': 'W/"7"' })).status).toBe(304);
    expect((await get('/products/1', { 'if-none-match': '"6"' })).status).toBe(200);
  });

  it('makes the catalogue public and leaves personal answers to the no-store default', async () => {
    expect((await get('/products')).headers['cache-control']).toBe('public, no-cache');
    const me = await get('/me');
    expect(me.headers.vary).toBe('Authorization');
    expect(String(me.headers['cache-control'])).not.toMatch(/public/);
    expect((await get('/tokens')).headers['cache-control']).toBe('no-store');
    const post = await kernel.handle({
      method: 'POST',
      path: '/products',
      headers: {},
      query: {},
      body: undefined,
    });
    expect(post.headers.etag).toBeUndefined();
    expect(post.headers['cache-control']).toBe('no-store');
  });
});
