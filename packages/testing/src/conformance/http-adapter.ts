import { silentLogger, TrussError } from '@truss/core';
import {
  createKernel,
  csrfProtection,
  defineRoute,
  json,
  type Kernel,
  noContent,
  readCookie,
  serializeCookie,
  stream,
  withCookies,
} from '@truss/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONFORMANCE_ORIGIN, hardeningCases } from './http-adapter/hardening.js';

/** A kernel served over real HTTP by the adapter under test. */
export interface ServedKernel {
  /** Base URL, e.g. `http://127.0.0.1:43123`. */
  url: string;
  close(): Promise<void>;
}

/** How the suite serves a kernel with the adapter under test. */
export interface HttpAdapterUnderTest {
  /** Shown in the suite name, e.g. `fastify`. */
  name: string;
  /** Serves `kernel` on a free loopback port. */
  serve(kernel: Kernel): Promise<ServedKernel>;
}

/** The JSON of an error (or any) response, loosely typed for assertions. */
interface ResponseJson {
  error?: string;
  message?: string;
  details?: Array<{ path: string; message: string }>;
  [key: string]: unknown;
}

const readJson = (res: Response) => res.json() as Promise<ResponseJson>;

/** The body limit of the conformance kernel, small so the limit is cheap to test. */
export const CONFORMANCE_BODY_LIMIT = 16 * 1024;

function conformanceKernel(): Kernel {
  const routes = [
    defineRoute({ method: 'GET', path: '/ping', handler: () => json({ pong: true }) }),
    defineRoute({
      method: 'GET',
      path: '/items/:id',
      params: z.object({ id: z.string() }),
      query: z.object({
        tag: z.union([z.string(), z.array(z.string())]).optional(),
        n: z.coerce.number().int().optional(),
      }),
      handler: ({ params, query }) => json({ id: params.id, query }),
    }),
    defineRoute({
      method: 'POST',
      path: '/items',
      body: z.strictObject({ name: z.string().min(1), count: z.number().int() }),
      handler: ({ body }) => json(body, 201, { location: '/items/1' }),
    }),
    defineRoute({ method: 'DELETE', path: '/items/:id', handler: () => noContent() }),
    defineRoute({
      method: 'GET',
      path: '/stream',
      query: z.object({ n: z.coerce.number().int().min(0).max(100_000), fail: z.literal('yes').optional() }),
      handler: ({ query }) =>
        stream(
          (async function* () {
            for (let i = 0; i < query.n; i++) {
              if (query.fail && i === query.n / 2) throw new Error('source failed midway');
              yield `${JSON.stringify({ i })}\n`;
            }
          })(),
          'application/x-ndjson',
        ),
    }),
    defineRoute({
      method: 'GET',
      path: '/cookies',
      handler: ({ ctx }) =>
        json(
          { session: readCookie(ctx.request, 'session') ?? null },
          200,
          withCookies(
            {},
            serializeCookie('a', '1', { path: '/cookies' }),
            serializeCookie('b', 'x y', { maxAge: 60 }),
          ),
        ),
    }),
    defineRoute({
      method: 'GET',
      path: '/private',
      auth: 'required',
      handler: ({ principal }) => json({ userId: principal.userId, role: principal.role }),
    }),
    defineRoute({
      method: 'GET',
      path: '/boom',
      handler: () => {
        throw new Error('secret internal detail');
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/conflict',
      handler: () => {
        throw new TrussError('conflict', 'Already there', { headers: { 'x-reason': 'duplicate' } });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/query',
      handler: ({ ctx }) => {
        const query = ctx.request.query;
        return json({ prototype: Object.getPrototypeOf(query) === null ? null : 'object', query });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/query/typed',
      query: z.object({ constructor: z.string().optional(), toString: z.string().optional() }),
      handler: ({ query }) => json(query),
    }),
    defineRoute({
      method: 'GET',
      path: '/page',
      handler: () =>
        json({ page: true }, 200, {
          'content-security-policy': "default-src 'self'",
          'cache-control': 'public, max-age=60',
        }),
    }),
    defineRoute({
      method: 'POST',
      path: '/session',
      middleware: [csrfProtection({ allowedOrigins: [CONFORMANCE_ORIGIN] })],
      handler: () => noContent(),
    }),
  ];
  return createKernel({
    routes,
    allowedOrigins: [CONFORMANCE_ORIGIN],
    bodyLimit: CONFORMANCE_BODY_LIMIT,
    // Trusted as behind a proxy, so the suite sees whether the adapter passes the header through.
    trustRequestId: true,
    // `/boom` fails on purpose: nothing to write to the test's stderr.
    logger: silentLogger,
    authenticate: async (token) => {
      if (token === 'good-token') return { userId: 'u-1', role: 'user' };
      if (token === 'old-token') throw new TrussError('token_expired', 'Access token has expired');
      throw new TrussError('invalid_token', 'Access token is not valid');
    },
  });
}

/**
 * The behaviour every HTTP adapter of Truss must show, checked over real HTTP: routing, 404/405,
 * query and path parameters, JSON bodies and their errors (malformed, wrong type, too large),
 * authentication errors, error rendering without internals, headers, 204 and HEAD; and the
 * hardening: security headers on every answer, framework and HTTP-parser errors rendered by the
 * kernel (sent over a raw socket where `fetch` cannot send them), bodies in a `Content-Encoding` or
 * not in UTF-8, query objects without prototypes, CORS and the CSRF check. `serve` must give the
 * kernel the requests Node's parser refuses (`handleClientErrors` of `@truss/http`).
 *
 * @example
 * ```ts
 * runHttpAdapterConformance({ name: 'fastify', serve: async (kernel) => { … } });
 * ```
 */
export function runHttpAdapterConformance(adapter: HttpAdapterUnderTest): void {
  describe(`HTTP adapter conformance: ${adapter.name}`, () => {
    let served: ServedKernel;
    const at = (path: string) => `${served.url}${path}`;
    const postJson = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(at(path), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    beforeAll(async () => {
      served = await adapter.serve(conformanceKernel());
    });
    afterAll(async () => {
      await served?.close();
    });

    it('serves a JSON route with a JSON content type and a request id', async () => {
      const res = await fetch(at('/ping'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-request-id')).toMatch(/^[\w.:-]+$/);
      expect(await readJson(res)).toEqual({ pong: true });
    });

    it('echoes a sane client request id and replaces a hostile one', async () => {
      const ok = await fetch(at('/ping'), { headers: { 'x-request-id': 'abc-123' } });
      expect(ok.headers.get('x-request-id')).toBe('abc-123');
      const bad = await fetch(at('/ping'), { headers: { 'x-request-id': 'a b<script>' } });
      expect(bad.headers.get('x-request-id')).not.toBe('a b<script>');
    });

    it('matches a path with a trailing slash as the kernel does: the same route', async () => {
      const res = await fetch(at('/ping/'));
      expect(res.status).toBe(200);
      expect(await readJson(res)).toEqual({ pong: true });
      const item = await fetch(at('/items/a%20b/?n=1'));
      expect(item.status).toBe(200);
      expect(await readJson(item)).toMatchObject({ id: 'a b' });
    });

    it('decodes path parameters and parses repeated query keys', async () => {
      const res = await fetch(at('/items/a%20b?tag=x&tag=y&n=7'));
      expect(res.status).toBe(200);
      expect(await readJson(res)).toEqual({ id: 'a b', query: { tag: ['x', 'y'], n: 7 } });
    });

    it('answers 422 validation_error with field details for a bad query', async () => {
      const res = await fetch(at('/items/1?n=seven'));
      expect(res.status).toBe(422);
      const body = await readJson(res);
      expect(body).toMatchObject({ error: 'validation_error', message: expect.any(String) });
      expect(body.details).toEqual([expect.objectContaining({ path: 'n' })]);
    });

    it('accepts a valid JSON body and passes status and headers through', async () => {
      const res = await postJson('/items', JSON.stringify({ name: 'bolt', count: 3 }));
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe('/items/1');
      expect(await readJson(res)).toEqual({ name: 'bolt', count: 3 });
    });

    it.each([
      ['wrong types', JSON.stringify({ name: 1, count: 'three' }), ['count', 'name']],
      ['missing fields', JSON.stringify({}), ['count', 'name']],
      ['unknown fields', JSON.stringify({ name: 'a', count: 1, admin: true }), ['']],
      ['a JSON array', '[]', ['']],
      ['JSON null', 'null', ['']],
    ])('answers 422 validation_error for %s', async (_what, body, paths) => {
      const res = await postJson('/items', body);
      expect(res.status).toBe(422);
      const payload = await readJson(res);
      expect(payload.error).toBe('validation_error');
      expect((payload.details ?? []).map((d) => d.path).sort()).toEqual(paths);
    });

    it('answers 422 for a route with a body schema and no body', async () => {
      const res = await fetch(at('/items'), { method: 'POST' });
      expect(res.status).toBe(422);
      expect((await readJson(res)).error).toBe('validation_error');
    });

    it('answers 400 bad_request for malformed JSON', async () => {
      const res = await postJson('/items', '{"name": "bolt", ');
      expect(res.status).toBe(400);
      expect(await readJson(res)).toEqual({ error: 'bad_request', message: expect.any(String) });
    });

    it('answers 415 unsupported_media_type for a body that is not JSON', async () => {
      const res = await fetch(at('/items'), {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'name=bolt',
      });
      expect(res.status).toBe(415);
      expect((await readJson(res)).error).toBe('unsupported_media_type');
    });

    it('answers 413 payload_too_large for a body over the limit', async () => {
      const huge = JSON.stringify({ name: 'x'.repeat(CONFORMANCE_BODY_LIMIT * 4), count: 1 });
      const res = await postJson('/items', huge);
      expect(res.status).toBe(413);
      expect((await readJson(res)).error).toBe('payload_too_large');
    });

    it('answers 404 not_found for an unknown path and 405 with Allow for a wrong method', async () => {
      const missing = await fetch(at('/nope'));
      expect(missing.status).toBe(404);
      expect(await readJson(missing)).toEqual({ error: 'not_found', message: expect.any(String) });
      const wrong = await fetch(at('/ping'), { method: 'PUT' });
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toContain('GET');
      expect((await readJson(wrong)).error).toBe('method_not_allowed');
    });

    it('answers 401 unauthorized with a Bearer challenge when credentials are missing', async () => {
      const res = await fetch(at('/private'));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await readJson(res)).error).toBe('unauthorized');
      const basic = await fetch(at('/private'), { headers: { authorization: 'Basic dTpw' } });
      expect(basic.status).toBe(401);
    });

    it('answers 401 invalid_token and token_expired as authenticate decides', async () => {
      const forged = await fetch(at('/private'), { headers: { authorization: 'Bearer forged' } });
      expect(forged.status).toBe(401);
      expect((await readJson(forged)).error).toBe('invalid_token');
      const expired = await fetch(at('/private'), { headers: { authorization: 'Bearer old-token' } });
      expect(expired.status).toBe(401);
      expect((await readJson(expired)).error).toBe('token_expired');
    });

    it('passes the principal to the handler for a valid token', async () => {
      const res = await fetch(at('/private'), { headers: { authorization: 'Bearer good-token' } });
      expect(res.status).toBe(200);
      expect(await readJson(res)).toEqual({ userId: 'u-1', role: 'user' });
    });

    it('renders a TrussError with its status and headers', async () => {
      const res = await fetch(at('/conflict'));
      expect(res.status).toBe(409);
      expect(res.headers.get('x-reason')).toBe('duplicate');
      expect(await readJson(res)).toEqual({ error: 'conflict', message: 'Already there' });
    });

    it('answers 500 internal_error without internals for an unexpected error', async () => {
      const res = await fetch(at('/boom'));
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'internal_error', message: 'Internal server error' });
      expect(text).not.toContain('secret internal detail');
    });

    it('reads request cookies and sends several Set-Cookie headers with safe defaults', async () => {
      const res = await fetch(at('/cookies'), { headers: { cookie: 'other=1; session=abc%20def' } });
      expect(await readJson(res)).toEqual({ session: 'abc def' });
      const cookies = res.headers.getSetCookie();
      expect(cookies).toHaveLength(2);
      expect(cookies[0]).toMatch(/^a=1; Path=\/cookies; HttpOnly; Secure; SameSite=Strict$/);
      expect(cookies[1]).toMatch(/^b=x%20y; Max-Age=60; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
      const none = await fetch(at('/cookies'), { headers: { cookie: '=;;=garbage' } });
      expect(await readJson(none)).toEqual({ session: null });
    });

    it('streams a body chunk by chunk with the content type the route set', async () => {
      const res = await fetch(at('/stream?n=5000'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/x-ndjson');
      const lines = (await res.text()).trim().split('\n');
      expect(lines).toHaveLength(5000);
      expect(JSON.parse(lines[4999] as string)).toEqual({ i: 4999 });
    });

    it('cuts a stream whose source fails midway, and keeps serving', async () => {
      const failed = await fetch(at('/stream?n=2000&fail=yes'))
        .then((res) => res.text())
        .then(
          (text) => text.trim().split('\n').length,
          () => -1,
        );
      expect(failed).not.toBe(2000);
      const next = await fetch(at('/ping'));
      expect(next.status).toBe(200);
    });

    it('answers 204 with no body', async () => {
      const res = await fetch(at('/items/1'), { method: 'DELETE' });
      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
    });

    it('serves HEAD for a GET route without a body', async () => {
      const res = await fetch(at('/ping'), { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
    });

    hardeningCases(() => served.url);
  });
}
