import { createArgon2Hasher } from '@truss/auth/argon2';
import type { PasswordHasher } from '@truss/core';
import { describeWithServices, rawRequest, type ServiceName, type TestDatabaseKind } from '@truss/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, adminAccount, newAccount, newProduct, PASSWORD } from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

// Issue 11, the HTTP items: security headers, CSRF on the cookie routes, CORS, framework and parser
// errors, body encodings, query prototypes, error details, registration timing — black-box over
// real HTTP, on both adapters × SQLite and PostgreSQL.
const API_CSP = "default-src 'none'; frame-ancestors 'none'";
const APP = 'https://app.example.com';

function expectSecurityHeaders(res: { headers: Headers }, cacheControl = 'no-store'): void {
  expect(res.headers.get('content-security-policy')).toBe(API_CSP);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cache-control')).toBe(cacheControl);
  expect(res.headers.get('x-powered-by')).toBeNull();
}

/** A password hasher that counts the hashes it makes. */
function countingHasher(): { hasher: PasswordHasher; hashes: () => number } {
  const inner = createArgon2Hasher();
  let hashes = 0;
  return {
    hasher: {
      hash: (password) => {
        hashes += 1;
        return inner.hash(password);
      },
      verify: (hash, password) => inner.verify(hash, password),
    },
    hashes: () => hashes,
  };
}

const targets: Array<[TestDatabaseKind, ServiceName[]]> = [
  ['sqlite', []],
  ['postgres', ['postgres']],
];

for (const [kind, needs] of targets) {
  for (const adapter of ['fastify', 'express'] as const) {
    describeWithServices(needs, `HTTP hardening: ${adapter} on ${kind}`, () => {
      let t: TestServer;
      let admin: Account;
      let alice: Account;
      const counting = countingHasher();

      beforeAll(async () => {
        t = await startTestServer(kind, adapter, {}, { hasher: counting.hasher });
        admin = await adminAccount(t);
        alice = await newAccount(t, admin, 'user');
      });
      afterAll(async () => {
        await t?.stop();
      });

      const tokens = async (account: Account) => {
        const res = await t.call('POST', '/api/v1/auth/login', {
          body: { email: account.email, password: PASSWORD },
        });
        expect(res.status).toBe(200);
        return res.body as { access_token: string; refresh_token: string };
      };

      it('puts the security headers on every answer, and never lets tokens or personal data be cached', async () => {
        const login = await t.call('POST', '/api/v1/auth/login', {
          body: { email: alice.email, password: PASSWORD },
        });
        const answers = [
          login,
          await t.call('GET', '/api/v1/users/me', { token: alice.token }),
          await t.call('POST', '/api/v1/auth/register', {
            body: { email: `new-${kind}-${adapter}@example.com`, password: PASSWORD },
          }),
          await t.call('GET', '/healthz'),
          await t.call('GET', '/api/v1/users/me'),
          await t.call('GET', '/api/v1/nope'),
          await t.call('DELETE', '/healthz'),
          await t.call('POST', '/api/v1/auth/register', { body: {} }),
          // A streamed export of every user (CSV, read raw).
          await fetch(`${t.server.url}/api/v1/export/users`, {
            headers: { authorization: `Bearer ${admin.token}` },
          }),
        ];
        expect(answers.map((res) => res.status)).toEqual([200, 200, 201, 200, 401, 404, 405, 422, 200]);
        for (const res of answers) expectSecurityHeaders(res);
        // A route that serves public data keeps its own Cache-Control.
        expectSecurityHeaders(await t.call('GET', '/.well-known/jwks.json'), 'public, max-age=300');
        // Plain HTTP and no trusted proxy: no HSTS, whatever the client claims.
        const claimed = await t.call('GET', '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
        expect(claimed.headers.get('strict-transport-security')).toBeNull();
      });

      it('refuses the refresh cookie from another site with 403 forbidden; the own origin and non-browsers go on', async () => {
        const { refresh_token } = await tokens(alice);
        const cookie = `truss_refresh=${refresh_token}`;
        const refresh = (headers: Record<string, string>) =>
          t.call('POST', '/api/v1/auth/refresh', { headers: { cookie, ...headers } });
        const refusedHeaders: Array<Record<string, string>> = [
          { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
          { origin: 'null' },
          { 'sec-fetch-site': 'cross-site' },
        ];
        for (const headers of refusedHeaders) {
          const refused = await refresh(headers);
          expect(refused.status, JSON.stringify(headers)).toBe(403);
          expect(refused.body).toEqual({ error: 'forbidden', message: expect.any(String) });
        }
        // The refused requests did not use the token: the own origin refreshes with it.
        const own = await refresh({ origin: t.server.url });
        expect(own.status).toBe(200);
        // curl or a server, with the token in the body: no Origin, no Sec-Fetch-Site.
        const byBody = await t.call('POST', '/api/v1/auth/refresh', {
          body: { refresh_token: own.body.refresh_token },
        });
        expect(byBody.status).toBe(200);
        const session = await tokens(alice);
        const foreignLogout = await t.call('POST', '/api/v1/auth/logout', {
          token: session.access_token,
          headers: { cookie: `truss_refresh=${session.refresh_token}`, origin: 'https://evil.example' },
        });
        expect(foreignLogout.status).toBe(403);
        const logout = await t.call('POST', '/api/v1/auth/logout', {
          token: session.access_token,
          headers: { cookie: `truss_refresh=${session.refresh_token}`, 'sec-fetch-site': 'same-origin' },
        });
        expect(logout.status).toBe(204);
      });

      it('renders framework and HTTP-parser errors as { error, message } with the security headers', async () => {
        const long = await t.call('GET', `/api/v1/products/${'a'.repeat(101)}`);
        expect([long.status, long.body]).toEqual([
          414,
          { error: 'uri_too_long', message: expect.any(String) },
        ]);
        expectSecurityHeaders(long);
        const encoded = await t.call('GET', '/api/v1/products/%zz');
        expect([encoded.status, encoded.body]).toEqual([
          400,
          { error: 'bad_request', message: expect.any(String) },
        ]);
        expectSecurityHeaders(encoded);
        const crlf = '\r\n';
        const parser = await rawRequest(
          t.server.url,
          `GET /api/v1/products/a b HTTP/1.1${crlf}Host: x${crlf}${crlf}`,
        );
        expect(parser.status).toBe(400);
        expect(JSON.parse(parser.body)).toEqual({ error: 'bad_request', message: expect.any(String) });
        expect(parser.headers['content-security-policy']).toBe(API_CSP);
        const big = await rawRequest(
          t.server.url,
          `GET /healthz HTTP/1.1${crlf}Host: x${crlf}X-Big: ${'a'.repeat(17_000)}${crlf}${crlf}`,
        );
        expect([big.status, JSON.parse(big.body).error]).toEqual([431, 'headers_too_large']);
      });

      it('refuses a compressed or non-UTF-8 body, and stores nothing of it', async () => {
        const email = `bytes-${kind}-${adapter}@example.com`;
        const json = JSON.stringify({ email, password: PASSWORD, first_name: 'Zoë' });
        const gzip = await t.call('POST', '/api/v1/auth/register', {
          raw: json,
          headers: { 'content-encoding': 'gzip' },
        });
        expect([gzip.status, gzip.body?.error]).toEqual([415, 'unsupported_media_type']);
        const latin1 = await fetch(`${t.server.url}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(json, 'latin1'), // ë as the single byte 0xEB: not UTF-8
        });
        expect(latin1.status).toBe(400);
        expect(await latin1.json()).toEqual({ error: 'bad_request', message: expect.any(String) });
        const utf8 = await t.call('POST', '/api/v1/auth/register', { raw: json });
        expect(utf8.status).toBe(201);
        expect(utf8.body.first_name).toBe('Zoë');
      });

      it('treats __proto__ and constructor in the query as unknown keys, never as members', async () => {
        for (const query of [
          '__proto__=a&__proto__=b',
          'constructor=x',
          'toString=1',
          '__proto__[polluted]=1',
        ]) {
          const res = await t.call('GET', `/api/v1/products?${query}`);
          expect([res.status, res.body.error], query).toEqual([422, 'validation_error']);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect((await t.call('GET', '/api/v1/products?sort=constructor')).status).toBe(422);
        expect((await t.call('GET', '/api/v1/products')).status).toBe(200);
      });

      it('sends details as docs/errors.md says: the current version of a stale write, the refused permission or fields', async () => {
        const product = await newProduct(t, admin);
        await t.call('PUT', `/api/v1/products/${product.id}`, { token: admin.token, body: { stock: 5 } });
        const stale = await t.call('PUT', `/api/v1/products/${product.id}`, {
          token: admin.token,
          body: { stock: 6 },
          headers: { 'if-match': `"${product.version}"` },
        });
        expect([stale.status, stale.body.details]).toEqual([409, { current_version: product.version + 1 }]);
        const list = await t.call('GET', '/api/v1/users', { token: alice.token });
        expect([list.status, list.body.details]).toEqual([403, { permission: 'list:user' }]);
        const promote = await t.call('PUT', `/api/v1/users/${alice.id}`, {
          token: alice.token,
          body: { role: 'admin' },
        });
        expect([promote.status, promote.body.details]).toEqual([
          403,
          [{ path: 'role', message: expect.any(String) }],
        ]);
        const taken = await t.call('POST', '/api/v1/auth/register', {
          body: { email: alice.email, password: PASSWORD },
        });
        expect(taken.body).toEqual({ error: 'conflict', message: expect.any(String) });
      });

      it('hashes the password of a registration with a taken email too (409 costs what 201 costs)', async () => {
        const email = `timing-${kind}-${adapter}@example.com`;
        const before = counting.hashes();
        const created = await t.call('POST', '/api/v1/auth/register', {
          body: { email, password: PASSWORD },
        });
        expect(created.status).toBe(201);
        expect(counting.hashes() - before).toBe(1);
        const taken = await t.call('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD } });
        expect(taken.status).toBe(409);
        expect(counting.hashes() - before).toBe(2);
      });
    });
  }
}

describe.each(['fastify', 'express'] as const)(
  'behind a trusted TLS proxy, with ALLOWED_ORIGINS (%s)',
  (adapter) => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer('sqlite', adapter, {
        TRUST_PROXY: 'true',
        ALLOWED_ORIGINS: `${APP}, http://localhost:5173`,
      });
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('sends HSTS when the trusted proxy says the request came over HTTPS, and only then', async () => {
      const https = await t.call('GET', '/api/v1/nope', { headers: { 'x-forwarded-proto': 'https' } });
      expect(https.status).toBe(404);
      expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      const http = await t.call('GET', '/healthz', { headers: { 'x-forwarded-proto': 'http' } });
      expect(http.headers.get('strict-transport-security')).toBeNull();
    });

    it('grants CORS with credentials to the listed origins only, and lets them use the refresh cookie', async () => {
      const preflight = (origin: string) =>
        t.call('OPTIONS', '/api/v1/auth/refresh', {
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
      const listed = await preflight(APP);
      expect(listed.status).toBe(204);
      expect(listed.headers.get('access-control-allow-origin')).toBe(APP);
      expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
      const other = await preflight('https://evil.example');
      expect([other.status, other.body?.error]).toEqual([403, 'forbidden']);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();

      const login = await t.call('POST', '/api/v1/auth/register', {
        body: { email: `cors-${adapter}@example.com`, password: PASSWORD },
      });
      expect(login.status).toBe(201);
      const tokens = await t.call('POST', '/api/v1/auth/login', {
        body: { email: `cors-${adapter}@example.com`, password: PASSWORD },
        headers: { origin: APP },
      });
      expect(tokens.headers.get('access-control-allow-origin')).toBe(APP);
      const cookie = `truss_refresh=${tokens.body.refresh_token}`;
      const fromApp = await t.call('POST', '/api/v1/auth/refresh', {
        headers: { cookie, origin: APP, 'sec-fetch-site': 'cross-site' },
      });
      expect(fromApp.status).toBe(200);
      expect(fromApp.headers.get('access-control-allow-origin')).toBe(APP);
      const fromEvil = await t.call('GET', '/healthz', { headers: { origin: 'https://evil.example' } });
      expect(fromEvil.headers.get('access-control-allow-origin')).toBeNull();
      expect(fromEvil.headers.get('vary')).toMatch(/Origin/);
    });
  },
);
