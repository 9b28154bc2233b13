import { TrussError } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFetchHandler } from './fetch.js';
import { createKernel } from './kernel.js';
import { defineRoute } from './route.js';
import type { Middleware } from './types.js';

const request = (path: string, init?: RequestInit) => new Request(`http://local${path}`, init);

describe('createKernel', () => {
  it('prefers a static path over a parameter at the same place', async () => {
    const kernel = createKernel({
      routes: [
        defineRoute({
          method: 'GET',
          path: '/users/:id',
          handler: ({ params }) => ({ body: { by: 'id', params } }),
        }),
        defineRoute({ method: 'GET', path: '/users/me', handler: () => ({ body: { by: 'me' } }) }),
      ],
    });
    const fetch = createFetchHandler(kernel);
    expect(await (await fetch(request('/users/me'))).json()).toEqual({ by: 'me' });
    expect(await (await fetch(request('/users/42'))).json()).toEqual({ by: 'id', params: { id: '42' } });
  });

  it('runs global middleware, then authentication, then route middleware, then the handler', async () => {
    const order: string[] = [];
    const mark =
      (name: string): Middleware =>
      async (ctx, next) => {
        order.push(`${name}:${ctx.principal ? 'auth' : 'anon'}`);
        return next();
      };
    const kernel = createKernel({
      middleware: [mark('global')],
      authenticate: async () => ({ userId: 'u', role: 'user' }),
      routes: [
        defineRoute({
          method: 'GET',
          path: '/x',
          auth: 'required',
          middleware: [mark('route')],
          handler: () => {
            order.push('handler');
            return { status: 204 };
          },
        }),
      ],
    });
    const res = await createFetchHandler(kernel)(request('/x', { headers: { authorization: 'Bearer t' } }));
    expect(res.status).toBe(204);
    expect(order).toEqual(['global:anon', 'route:auth', 'handler']);
  });

  it('lets middleware answer early and change responses', async () => {
    const kernel = createKernel({
      middleware: [
        async (ctx, next) => {
          if (ctx.request.headers['x-block'] === 'yes') throw new TrussError('forbidden', 'Blocked');
          const res = await next();
          res.headers['x-served-by'] = 'truss';
          return res;
        },
      ],
      routes: [defineRoute({ method: 'GET', path: '/x', handler: () => ({ body: { ok: true } }) })],
    });
    const fetch = createFetchHandler(kernel);
    const ok = await fetch(request('/x'));
    expect(ok.headers.get('x-served-by')).toBe('truss');
    const blocked = await fetch(request('/x', { headers: { 'x-block': 'yes' } }));
    expect(blocked.status).toBe(403);
    expect(await blocked.json()).toEqual({ error: 'forbidden', message: 'Blocked' });
  });

  it('reads a token on optional routes and goes on anonymously without one', async () => {
    const kernel = createKernel({
      authenticate: async (token) => ({ userId: token, role: 'user' }),
      routes: [
        defineRoute({
          method: 'GET',
          path: '/who',
          auth: 'optional',
          handler: ({ principal }) => ({ body: { who: principal?.userId ?? null } }),
        }),
      ],
    });
    const fetch = createFetchHandler(kernel);
    expect(await (await fetch(request('/who'))).json()).toEqual({ who: null });
    expect(
      await (await fetch(request('/who', { headers: { authorization: 'Bearer alice' } }))).json(),
    ).toEqual({ who: 'alice' });
  });

  it('gives the handler parsed, coerced input and answers 422 with every issue', async () => {
    const kernel = createKernel({
      routes: [
        defineRoute({
          method: 'POST',
          path: '/orders/:id',
          params: z.object({ id: z.coerce.number().int() }),
          body: z.object({ quantity: z.number().int().min(1) }),
          handler: ({ params, body }) => ({ body: { id: params.id, quantity: body.quantity } }),
        }),
      ],
    });
    const fetch = createFetchHandler(kernel);
    const post = (path: string, body: unknown) =>
      fetch(
        request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
    expect(await (await post('/orders/7', { quantity: 2 })).json()).toEqual({ id: 7, quantity: 2 });
    const bad = await post('/orders/7', { quantity: 0 });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { details: unknown }).details).toEqual([
      { path: 'quantity', message: expect.any(String) },
    ]);
    expect((await post('/orders/seven', { quantity: 1 })).status).toBe(422);
  });

  it('refuses two routes with the same method and path, and auth routes without authenticate', () => {
    const route = defineRoute({ method: 'GET', path: '/a', handler: () => ({}) });
    expect(() => createKernel({ routes: [route, route] })).toThrow(/Duplicate route GET \/a/);
    const secured = defineRoute({ method: 'GET', path: '/b', auth: 'required', handler: () => ({}) });
    expect(() => createKernel({ routes: [secured] })).toThrow(/no authenticate/);
  });

  it('validates its options with a precise message', () => {
    expect(() => createKernel({ routes: [], bodyLimit: -1 })).toThrow(
      expect.objectContaining({ code: 'validation_error' }),
    );
    expect(() => defineRoute({ method: 'GET', path: 'no-slash', handler: () => ({}) })).toThrow(
      /must start with "\/"/,
    );
  });

  it('refuses a body over the limit in the fetch handler before reading it all', async () => {
    const kernel = createKernel({
      bodyLimit: 1024,
      routes: [defineRoute({ method: 'POST', path: '/a', body: z.unknown(), handler: () => ({}) })],
    });
    const res = await createFetchHandler(kernel)(
      request('/a', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify('x'.repeat(5000)),
      }),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'payload_too_large' });
  });
});
