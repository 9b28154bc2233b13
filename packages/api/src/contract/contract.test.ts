import {
  loginInputSchema,
  mfaLoginInputSchema,
  orderCreateInputSchema,
  parseInput,
  payOrderInputSchema,
  productCreateInputSchema,
  productUpdateInputSchema,
  registerInputSchema,
  secondFactorSchema,
  shipOrderInputSchema,
  stockAdjustmentInputSchema,
  userUpdateInputSchema,
} from '@truss/core';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loginBody, mfaVerifyBody, registerBody, secondFactorBody } from './auth.js';
import { orderCreateBody, orderListQuery, payOrderBody, shipOrderBody } from './orders.js';
import { productCreateBody, productListQuery, productUpdateBody, stockAdjustmentBody } from './products.js';
import { userListQuery, userUpdateBody } from './users.js';

const productId = '0b6f4ad1-2d61-4a50-9a43-8f0e5d1c2b3a';

// Each wire body, a request as a client sends it, the service input it becomes, and the core
// schema the service validates with.
const BODIES: Array<[string, z.ZodType, unknown, unknown, z.ZodType]> = [
  [
    'register',
    registerBody,
    { email: ' Ada@Example.com ', password: 'correct horse battery staple', first_name: 'Ada' },
    {
      email: 'ada@example.com',
      password: 'correct horse battery staple',
      firstName: 'Ada',
      lastName: undefined,
    },
    registerInputSchema,
  ],
  [
    'login',
    loginBody,
    { email: 'ADA@example.com', password: 'x' },
    { email: 'ada@example.com', password: 'x' },
    loginInputSchema,
  ],
  [
    'mfa verify',
    mfaVerifyBody,
    { mfa_token: 't', recovery_code: ' abcde-fghij ' },
    { mfaToken: 't', recoveryCode: 'abcde-fghij' },
    mfaLoginInputSchema,
  ],
  ['mfa disable', secondFactorBody, { code: '123456' }, { code: '123456' }, secondFactorSchema],
  [
    'user update',
    userUpdateBody,
    { first_name: 'Ada', last_name: null, role: 'manager' },
    { firstName: 'Ada', lastName: null, role: 'manager' },
    userUpdateInputSchema,
  ],
  [
    'product create',
    productCreateBody,
    { name: 'Bolt', price: '0.10' },
    { name: 'Bolt', price: '0.10', description: null, stock: 0 },
    productCreateInputSchema,
  ],
  [
    'product update',
    productUpdateBody,
    { price: '0.12', version: 3 },
    { price: '0.12', version: 3 },
    productUpdateInputSchema,
  ],
  ['stock', stockAdjustmentBody, { delta: -2 }, { delta: -2 }, stockAdjustmentInputSchema],
  [
    'order create',
    orderCreateBody,
    { items: [{ product_id: productId, quantity: 3 }] },
    { items: [{ productId, quantity: 3 }] },
    orderCreateInputSchema,
  ],
  ['pay', payOrderBody, { payment_token: 'tok_visa' }, { paymentToken: 'tok_visa' }, payOrderInputSchema],
  ['ship', shipOrderBody, { tracking_number: ' TRK-1 ' }, { trackingNumber: 'TRK-1' }, shipOrderInputSchema],
];

describe('the wire contract', () => {
  it.each(BODIES)(
    'turns a %s body into the service input, validated once',
    (_name, wire, body, input, core) => {
      const parsed = wire.parse(body) as object;
      expect(parsed).toEqual(input);
      // The service's own parse answers the very same object: it does not validate it again.
      expect(parseInput(core, parsed)).toBe(parsed);
      // The same input built by hand is validated by the service (a fresh object comes back).
      expect(parseInput(core, { ...parsed })).not.toBe(parsed);
    },
  );

  it('names fields as the client sent them in validation issues', () => {
    const result = orderCreateBody.safeParse({ items: [{ product_id: 'nope', quantity: 0 }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'items.0.product_id',
      'items.0.quantity',
    ]);
    const user = userUpdateBody.safeParse({ firstName: 'camelCase is not the wire format' });
    expect(user.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['firstName'] });
  });

  it('refuses an update with nothing to change', () => {
    expect(userUpdateBody.safeParse({}).success).toBe(false);
    expect(productUpdateBody.safeParse({ version: 2 }).success).toBe(false);
  });

  it('reads query strings into typed repository queries', () => {
    expect(
      productListQuery.parse({ min_price: '1.00', in_stock: 'false', sort: 'created_at', limit: '5' }),
    ).toEqual({
      limit: 5,
      minPrice: '1.00',
      inStock: false,
      sort: 'asc',
    });
    expect(orderListQuery.parse({ user_id: productId })).toEqual({
      limit: 20,
      sort: 'desc',
      userId: productId,
    });
    expect(userListQuery.parse({ email: ' ANN ' })).toEqual({ limit: 20, sort: 'desc', emailPrefix: 'ann' });
    for (const bad of [
      { limit: '0' },
      { limit: '101' },
      { in_stock: 'yes' },
      { sort: 'price' },
      { page: '2' },
    ]) {
      expect(productListQuery.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
