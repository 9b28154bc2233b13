import type { OrderView, ProductView, TrussContract, UserView } from '@truss/api/contract';
import { describe, expectTypeOf, it } from 'vitest';
import type { TrussClientError, TrussClientErrorCode } from './client-error.js';
import { createTrussClient } from './create-truss-client.js';
import type { EndpointInput, EndpointOutput } from './endpoint-types.js';

const client = createTrussClient({ baseUrl: 'http://127.0.0.1:3000' });

describe('types inferred from the contract', () => {
  it('takes what each schema reads: snake_case bodies, path params, text-or-number queries', () => {
    expectTypeOf<EndpointInput<TrussContract['orders']['pay']>>().toEqualTypeOf<{
      params: { id: string };
      body: { payment_token: string };
    }>();
    expectTypeOf<EndpointInput<TrussContract['auth']['register']>>().toEqualTypeOf<{
      body: {
        email: string;
        password: string;
        first_name?: string | null | undefined;
        last_name?: string | null | undefined;
      };
    }>();
    expectTypeOf<EndpointInput<TrussContract['orders']['create']>['body']>().toEqualTypeOf<{
      items: { product_id: string; quantity: number }[];
    }>();
    // A query of optional fields is optional itself; coerced fields take any scalar.
    type ProductQuery = NonNullable<EndpointInput<TrussContract['products']['list']>['query']>;
    expectTypeOf<ProductQuery['limit']>().toEqualTypeOf<string | number | boolean | undefined>();
    expectTypeOf<ProductQuery['in_stock']>().toEqualTypeOf<'true' | 'false' | undefined>();
    expectTypeOf<ProductQuery['sort']>().toEqualTypeOf<'created_at' | '-created_at' | undefined>();
    // The refresh body is optional, and so is its token (the cookie carries it).
    expectTypeOf<EndpointInput<TrussContract['auth']['refresh']>>().toEqualTypeOf<{
      body?: { refresh_token?: string | undefined } | undefined;
    }>();
  });

  it('answers the output of the response schema, nothing for a 204, a text stream for an export', () => {
    expectTypeOf<EndpointOutput<TrussContract['orders']['get']>>().toEqualTypeOf<OrderView>();
    expectTypeOf<EndpointOutput<TrussContract['users']['me']>>().toEqualTypeOf<UserView>();
    expectTypeOf<EndpointOutput<TrussContract['products']['list']>>().toEqualTypeOf<{
      items: ProductView[];
      nextCursor: string | null;
    }>();
    expectTypeOf<EndpointOutput<TrussContract['users']['delete']>>().toEqualTypeOf<undefined>();
    expectTypeOf<EndpointOutput<TrussContract['exports']['orders']>>().toEqualTypeOf<
      ReadableStream<string>
    >();
  });

  it('makes every endpoint a method: input required only when something in it is', async () => {
    expectTypeOf(client.users.me).parameters.toEqualTypeOf<
      [input?: Record<never, never>, options?: import('./endpoint-types.js').CallOptions]
    >();
    expectTypeOf(client.products.list).toBeCallableWith();
    expectTypeOf(client.products.list).toBeCallableWith({ query: { min_price: '1.00', limit: 10 } });
    expectTypeOf(client.orders.ship).toBeCallableWith({
      params: { id: 'x' },
      body: { tracking_number: 'TRK-1' },
    });
    // @ts-expect-error: the body is what the route reads (snake_case), not the service's camelCase input
    client.orders.pay({ params: { id: 'x' }, body: { paymentToken: 'tok_visa' } });
    // @ts-expect-error: a path parameter cannot be left out
    client.orders.get({});
    // @ts-expect-error: no such endpoint
    client.orders.refund;
    const login = await client.auth.login({ body: { email: 'a@b.c', password: 'p' } });
    if ('mfa_required' in login) expectTypeOf(login.mfa_token).toBeString();
    else expectTypeOf(login.access_token).toBeString();
  });

  it('types the error code with the spec codes', () => {
    expectTypeOf<TrussClientError['code']>().toEqualTypeOf<TrussClientErrorCode>();
    expectTypeOf<'token_expired'>().toExtend<TrussClientErrorCode>();
    expectTypeOf<'network_error'>().toExtend<TrussClientErrorCode>();
    expectTypeOf<'no_such_code'>().not.toExtend<TrussClientErrorCode>();
  });
});
