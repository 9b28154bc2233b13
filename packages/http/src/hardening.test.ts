import { TrussError } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clientErrorOf } from './client-error.js';
import { csrfProtection } from './csrf.js';
import { createFetchHandler } from './fetch.js';
import { defineRoute, json } from './index.js';
import { createKernel } from './kernel.js';

const request = (url: string, init?: RequestInit) => new Request(url, init);

function kernelWith(options: Partial<Parameters<typeof createKernel>[0]> = {}) {
  return createKernel({
    routes: [
      defineRoute({ method: 'GET', path: '/ping', handler: () => json({ pong: true }) }),
      defineRoute({
        method: 'GET',
        path: '/query',
        handler: ({ ctx }) =>
          json({ prototype: Object.getPrototypeOf(ctx.request.query), query: ctx.request.query }),
      }),
      defineRoute({
        method: 'GET',
        path: '/fail/:code',
        params: z.object({ code: z.enum(['rate_limited', 'conflict', 'forbidden', 'not_found']) }),
        handler: ({ params }) => {
          throw new TrussError(params.code, 'No', { details: { current_version: 3 } });
        },
      }),
      defineRoute({ method: 'GET', path: '/users/me', handler: () => json({ me: true }) }),
    ],
    ...options,
  });
}

describe('kernel hardening (through the fetch handler)', () => {
  it('builds the query without a prototype: a repeated __proto__ stays data', async () => {
    const fetch = createFetchHandler(kernelWith());
    const res = await fetch(request('http://local/query?__proto__=a&__proto__=b&constructor=c'));
    expect(await res.json()).toEqual({
      prototype: null,
      query: { ['__proto__']: ['a', 'b'], constructor: 'c' },
    });
  });

  it('sends details only with validation_error, forbidden and conflict', async () => {
    const fetch = createFetchHandler(kernelWith());
    const body = async (code: string) => (await fetch(request(`http://local/fail/${code}`))).json();
    expect(await body('conflict')).toEqual({
      error: 'conflict',
      message: 'No',
      details: { current_version: 3 },
    });
    expect(await body('forbidden')).toMatchObject({ details: { current_version: 3 } });
    expect(await body('rate_limited')).toEqual({ error: 'rate_limited', message: 'No' });
    expect(await body('not_found')).toEqual({ error: 'not_found', message: 'No' });
  });

  it('sends HSTS on https only, and takes the configured header values', async () => {
    const fetch = createFetchHandler(kernelWith());
    expect((await fetch(request('https://local/ping'))).headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
    expect((await fetch(request('http://local/ping'))).headers.get('strict-transport-security')).toBeNull();
    const custom = createFetchHandler(
      kernelWith({
        securityHeaders: {
          strictTransportSecurity: false,
          contentSecurityPolicy: "default-src 'self'",
          referrerPolicy: 'same-origin',
          cacheControl: 'private, no-cache',
        },
      }),
    );
    const res = await custom(request('https://local/nope'));
    expect(res.status).toBe(404);
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
  });

  it('never carries the headers of one request into another when a route answers a shared headers object', async () => {
    const shared = { 'cache-control': 'private' };
    const kernel = createKernel({
      routes: [defineRoute({ method: 'GET', path: '/shared', handler: () => json({}, 200, shared) })],
      allowedOrigins: ['https://app.test'],
    });
    const fetch = createFetchHandler(kernel);
    const listed = await fetch(request('http://local/shared', { headers: { origin: 'https://app.test' } }));
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.test');
    const other = await fetch(request('http://local/shared', { headers: { origin: 'https://evil.test' } }));
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('vary')).toBe('Origin');
    expect(shared).toEqual({ 'cache-control': 'private' });
  });

  it('matches static paths on decoded segments, and a decoded %2F never makes one match', async () => {
    const fetch = createFetchHandler(kernelWith());
    expect((await fetch(request('http://local/users/%6De'))).status).toBe(200);
    expect((await fetch(request('http://local/users%2Fme'))).status).toBe(404);
  });

  it('answers a preflight 405 as before when no origin is allowed', async () => {
    const fetch = createFetchHandler(kernelWith());
    const res = await fetch(
      request('http://local/ping', {
        method: 'OPTIONS',
        headers: { origin: 'http://app.test', 'access-control-request-method': 'GET' },
      }),
    );
    expect(res.status).toBe(405);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toBeNull();
  });

  it('refuses origins that are not exact origins, in the kernel and in the CSRF check', () => {
    const issuePaths = (build: () => unknown) => {
      try {
        build();
      } catch (error) {
        return ((error as TrussError).details as Array<{ path: string }>).map((issue) => issue.path);
      }
      return [];
    };
    for (const bad of [
      '*',
      'null',
      'https://app.test/',
      'https://app.test/path',
      'app.test',
      'ftp://app.test',
    ]) {
      expect(
        issuePaths(() => kernelWith({ allowedOrigins: [bad] })),
        bad,
      ).toEqual(['allowedOrigins.0']);
      expect(
        issuePaths(() => csrfProtection({ allowedOrigins: [bad] })),
        bad,
      ).toEqual(['allowedOrigins.0']);
    }
    expect(
      issuePaths(() => kernelWith({ allowedOrigins: ['https://app.test', 'http://localhost:5173'] })),
    ).toEqual([]);
    expect(
      issuePaths(() => kernelWith({ securityHeaders: { contentSecurityPolicy: 'a\r\nx-evil: 1' } })),
    ).toEqual(['securityHeaders.contentSecurityPolicy']);
  });
});

describe('clientErrorOf', () => {
  it('maps Node parser errors to documented codes, and a reset to no answer', () => {
    const error = (code: string) => Object.assign(new Error(code), { code });
    expect(clientErrorOf(error('HPE_HEADER_OVERFLOW'))?.code).toBe('headers_too_large');
    expect(clientErrorOf(error('ERR_HTTP_REQUEST_TIMEOUT'))?.code).toBe('request_timeout');
    expect(clientErrorOf(error('HPE_INVALID_METHOD'))?.code).toBe('bad_request');
    expect(clientErrorOf(error('HPE_UNEXPECTED_CONTENT_LENGTH'))?.status).toBe(400);
    expect(clientErrorOf(error('ECONNRESET'))).toBeNull();
  });
});
