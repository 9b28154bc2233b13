import { describe, expect, it } from 'vitest';
import { createFetchHandler } from './fetch.js';
import { createKernel } from './kernel.js';
import { contentTypeOf, staticRoutes } from './static-files.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const files = [
  { path: '/index.html', body: bytes('<!doctype html><title>app</title>') },
  { path: '/dashboard/index.html', body: bytes('<!doctype html><title>dashboard</title>') },
  { path: '/assets/app-1a2b.js', body: bytes('console.log(1)') },
  { path: '/logo.png', body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
];

describe('staticRoutes', () => {
  const fetch = createFetchHandler(
    createKernel({
      routes: staticRoutes(files, {
        headers: { 'content-security-policy': "default-src 'self'" },
        cacheControl: (path) =>
          path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      }),
    }),
  );
  const get = (path: string, method = 'GET') => fetch(new Request(`http://local${path}`, { method }));

  it('serves each file byte for byte with its type, length, caching and the given headers', async () => {
    const js = await get('/assets/app-1a2b.js');
    expect(js.status).toBe(200);
    expect(await js.text()).toBe('console.log(1)');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-length')).toBe('14');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(js.headers.get('content-security-policy')).toBe("default-src 'self'");
    const png = await get('/logo.png');
    expect(new Uint8Array(await png.arrayBuffer())).toEqual(files[3]?.body);
    expect(png.headers.get('content-type')).toBe('image/png');
  });

  it('serves index.html at its folder, and nothing else', async () => {
    for (const path of ['/', '/index.html'])
      expect(await (await get(path)).text()).toContain('<title>app</title>');
    for (const path of ['/dashboard', '/dashboard/']) {
      const page = await get(path);
      expect(await page.text()).toContain('<title>dashboard</title>');
      expect(page.headers.get('cache-control')).toBe('no-cache');
    }
    const missing = await get('/settings');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'not_found' });
    expect((await get('/index.html', 'POST')).status).toBe(405);
  });

  it('refuses paths the router would read as parameters', () => {
    expect(() => staticRoutes([{ path: '/a:b.js', body: bytes('') }])).toThrow(/cannot serve/);
    expect(() => staticRoutes([{ path: 'relative.js', body: bytes('') }])).toThrow(/cannot serve/);
  });

  it('knows the usual web types', () => {
    expect(contentTypeOf('/a/b.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('/a/b.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('/README')).toBe('application/octet-stream');
  });
});
