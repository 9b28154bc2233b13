import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.js';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-1a2b.js"></script></head></html>';

describe.each(['fastify', 'express'] as const)(
  'WEB_ROOT: the built web app at / (%s on SQLite)',
  (adapter) => {
    let root: string;
    let t: TestServer;
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'truss-web-root-'));
      await mkdir(join(root, 'assets'));
      await mkdir(join(root, 'dashboard'));
      await writeFile(join(root, 'index.html'), INDEX);
      await writeFile(join(root, 'dashboard', 'index.html'), INDEX);
      await writeFile(join(root, 'assets', 'app-1a2b.js'), 'export const answer = 42;\n');
      t = await startTestServer('sqlite', adapter, { WEB_ROOT: root });
    });
    afterAll(async () => {
      await t?.stop();
      await rm(root, { recursive: true, force: true });
    });

    const get = (path: string, method = 'GET') => fetch(`${t.server.url}${path}`, { method });

    it('serves index.html at / and at each page, under a CSP of its own with no inline code', async () => {
      for (const path of ['/', '/index.html', '/dashboard', '/dashboard/index.html']) {
        const page = await get(path);
        expect(page.status).toBe(200);
        expect(await page.text()).toBe(INDEX);
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(page.headers.get('cache-control')).toBe('no-cache');
        const csp = page.headers.get('content-security-policy') ?? '';
        expect(csp).toMatch(/default-src 'self'/);
        expect(csp).toMatch(/frame-ancestors 'none'/);
        expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      }
      const head = await get('/', 'HEAD');
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(INDEX)));
      expect(await head.text()).toBe('');
    });

    it('serves hashed assets byte for byte, cached for a year', async () => {
      const asset = await get('/assets/app-1a2b.js');
      expect(asset.status).toBe(200);
      expect(await asset.text()).toBe('export const answer = 42;\n');
      expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('leaves the API as it was: JSON errors for paths it does not serve', async () => {
      const missing = await get('/assets/missing.js');
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: 'not_found' });
      expect((await t.call('GET', '/api/v1/users/me')).body.error).toBe('unauthorized');
      expect((await t.call('GET', '/healthz')).status).toBe(200);
    });
  },
);

describe('WEB_ROOT that holds no built app', () => {
  it('stops the start with the reason', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'truss-web-empty-'));
    try {
      await expect(startTestServer('sqlite', 'fastify', { WEB_ROOT: empty })).rejects.toThrow(
        /has no index\.html: build the web app first/,
      );
      await expect(startTestServer('sqlite', 'fastify', { WEB_ROOT: join(empty, 'nope') })).rejects.toThrow(
        /cannot be read/,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
