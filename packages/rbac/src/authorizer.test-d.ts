import type { Principal, User } from '@truss/core';
import { describe, expectTypeOf, it } from 'vitest';
import { createAuthorizer } from './authorizer.js';
import type { DefaultCatalog, PermissionOf } from './catalog.js';
import type { Policy } from './types.js';

declare const principal: Principal;
declare const user: User;

describe('Authorizer types', () => {
  const authz = createAuthorizer();

  it('types actions per resource', () => {
    authz.authorize(principal, 'update', 'user', user);
    authz.authorize(principal, 'ship', 'order');
    authz.authorize(null, 'read', 'product');
    // @ts-expect-error: a misspelt action is a type error
    authz.authorize(principal, 'updtae', 'user');
    // @ts-expect-error: ship is an order action, not a user one
    authz.can(principal, 'ship', 'user');
    // @ts-expect-error: unknown resource
    authz.can(principal, 'read', 'invoice');
  });

  it('types the object of ownership checks', () => {
    authz.can(principal, 'pay', 'order', { userId: 'u1' });
    authz.can(principal, 'pay', 'order', { user_id: 'u1' });
    // @ts-expect-error: an order object needs its owner
    authz.can(principal, 'pay', 'order', { id: 'o1' });
  });

  it('keeps the type of the object pickReadable is given', () => {
    expectTypeOf(authz.pickReadable(principal, 'user', user)).toEqualTypeOf<Partial<User>>();
  });

  it('lists permissions as action:resource', () => {
    expectTypeOf<'ship:order'>().toExtend<PermissionOf<DefaultCatalog>>();
    expectTypeOf<'ship:user'>().not.toExtend<PermissionOf<DefaultCatalog>>();
    authz.authorizePermission(principal, 'list:user');
    // @ts-expect-error: not a permission of the table
    authz.authorizePermission(principal, 'list:users');
  });

  it('adds the resources and actions of extensions', () => {
    const invoicePolicy = {
      actions: { read: { own: ['user'] }, refund: { allow: ['admin'] } },
      owner: (invoice) => invoice.customerId,
    } satisfies Policy<'read' | 'refund', { customerId: string }>;
    const extended = createAuthorizer({
      extend: { policies: { invoice: invoicePolicy, order: { actions: { refund: { allow: ['admin'] } } } } },
    });
    extended.authorize(principal, 'refund', 'invoice', { customerId: 'u1' });
    extended.authorize(principal, 'refund', 'order', { userId: 'u1' });
    extended.authorize(principal, 'ship', 'order');
    // @ts-expect-error: invoices have no ship action
    extended.authorize(principal, 'ship', 'invoice');
    // @ts-expect-error: the invoice object type comes from its owner function
    extended.can(principal, 'read', 'invoice', { userId: 'u1' });
    expectTypeOf(extended.resources).toEqualTypeOf<
      readonly ('user' | 'product' | 'order' | 'analytics' | 'invoice')[]
    >();
  });
});
