import type { Principal } from '@truss/core';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineRoute } from './route.js';

describe('defineRoute types', () => {
  it('types params, query and body from the schemas', () => {
    defineRoute({
      method: 'POST',
      path: '/items/:id',
      params: z.object({ id: z.coerce.number() }),
      query: z.object({ q: z.string().optional() }),
      body: z.object({ name: z.string() }),
      handler: ({ params, query, body }) => {
        expectTypeOf(params).toEqualTypeOf<{ id: number }>();
        expectTypeOf(query).toEqualTypeOf<{ q?: string | undefined }>();
        expectTypeOf(body).toEqualTypeOf<{ name: string }>();
        return {};
      },
    });
  });

  it('gives a non-null principal only on auth: required routes', () => {
    defineRoute({
      method: 'GET',
      path: '/a',
      auth: 'required',
      handler: ({ principal }) => {
        expectTypeOf(principal).toEqualTypeOf<Principal>();
        return {};
      },
    });
    defineRoute({
      method: 'GET',
      path: '/b',
      auth: 'optional',
      handler: ({ principal, body }) => {
        expectTypeOf(principal).toEqualTypeOf<Principal | null>();
        expectTypeOf(body).toEqualTypeOf<undefined>();
        return {};
      },
    });
  });

  it('rejects an unknown method', () => {
    // @ts-expect-error TRACE is not a route method
    defineRoute({ method: 'TRACE', path: '/c', handler: () => ({}) });
  });
});
