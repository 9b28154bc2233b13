import { isTrussError, type Principal, TrussError } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from './authorizer.js';

const authz = createAuthorizer();
const alice: Principal = { userId: 'alice', role: 'user' };
const bob: Principal = { userId: 'bob', role: 'user' };
const manager: Principal = { userId: 'mia', role: 'manager' };
const aliceOrder = { id: 'o1', userId: 'alice', total: '10.00', status: 'pending' };

function thrown(run: () => unknown): TrussError {
  try {
    run();
  } catch (error) {
    if (isTrussError(error)) return error;
    throw error;
  }
  throw new Error('expected a TrussError');
}

describe('authorize', () => {
  it('returns when allowed', () => {
    expect(authz.authorize(alice, 'pay', 'order', aliceOrder)).toBeUndefined();
    expect(authz.authorize(manager, 'ship', 'order', aliceOrder)).toBeUndefined();
    expect(authz.authorize(null, 'read', 'product')).toBeUndefined();
  });

  it('throws forbidden (403) with the permission in details', () => {
    const error = thrown(() => authz.authorize(manager, 'pay', 'order', aliceOrder));
    expect(error).toBeInstanceOf(TrussError);
    expect({ code: error.code, status: error.status, details: error.details }).toEqual({
      code: 'forbidden',
      status: 403,
      details: { permission: 'pay:order' },
    });
    expect(error.message).toBe('Role "manager" may pay only its own order');
  });

  it('throws not_found (404) with the message of a missing object, and no details', () => {
    const error = thrown(() => authz.authorize(bob, 'read', 'order', aliceOrder));
    expect({
      code: error.code,
      status: error.status,
      message: error.message,
      details: error.details,
    }).toEqual({
      code: 'not_found',
      status: 404,
      message: 'Order not found',
      details: undefined,
    });
  });

  it('throws unauthorized (401) for an anonymous caller', () => {
    const error = thrown(() => authz.authorize(null, 'create', 'order'));
    expect({ code: error.code, status: error.status, message: error.message }).toEqual({
      code: 'unauthorized',
      status: 401,
      message: 'Authentication required',
    });
  });

  it('gives glue code an untyped guard that fits a middleware signature, unbound', async () => {
    type Guard = (principal: Principal | null, action: string, resource: string, object?: unknown) => void;
    const guard: Guard = authz.guard;
    expect(() => guard(bob, 'pay', 'order', aliceOrder)).toThrow('Order not found');
    expect(guard(alice, 'pay', 'order', aliceOrder)).toBeUndefined();
    expect(() => guard(alice, 'pay', 'orders')).toThrow(new TypeError('Unknown resource "orders"'));
  });

  it('authorizes a permission written as one action:resource string', () => {
    const { authorizePermission } = authz;
    expect(() => authorizePermission(alice, 'list:user')).toThrow('Role "user" may not list user');
    expect(authorizePermission(alice, 'cancel:order', aliceOrder)).toBeUndefined();
  });
});

describe('subjects and names it does not know', () => {
  it('denies a subject whose role it does not know', () => {
    expect(authz.can({ userId: 'x', role: 'root' }, 'read', 'product')).toEqual({
      allowed: false,
      permission: 'read:product',
      code: 'forbidden',
      reason: 'Unknown role "root"',
    });
  });

  it('throws a TypeError for an unknown resource or action (a bug, not a denial)', () => {
    // biome-ignore lint/suspicious/noExplicitAny: calling as plain JavaScript would.
    const untyped = authz as any;
    expect(() => untyped.can(alice, 'read', 'invoice')).toThrow(new TypeError('Unknown resource "invoice"'));
    expect(() => untyped.can(alice, 'updtae', 'user')).toThrow(
      new TypeError('Unknown permission "updtae:user"'),
    );
    expect(() => untyped.authorizePermission(alice, 'user')).toThrow(TypeError);
  });

  it('lists the roles and resources', () => {
    expect(authz.roles).toEqual(['admin', 'manager', 'user', 'guest']);
    expect(authz.resources).toEqual(['user', 'product', 'order', 'analytics']);
  });
});

describe('permissionsOf', () => {
  it('lists what a role may do, with scope', () => {
    const user = authz
      .permissionsOf('user')
      .map((g) => `${g.permission}${g.scope === 'own' ? ' (own)' : ''}`);
    expect(user).toEqual([
      'read:user',
      'update:user (own)',
      'list:product',
      'read:product',
      'create:order',
      'list:order (own)',
      'read:order (own)',
      'pay:order (own)',
      'cancel:order (own)',
    ]);
  });

  it('gives a role everything the roles below it have', () => {
    const names = (role: string) => new Set(authz.permissionsOf(role).map((g) => g.permission));
    for (const [upper, lower] of [
      ['admin', 'manager'],
      ['manager', 'user'],
      ['user', 'guest'],
    ] as const) {
      for (const permission of names(lower)) expect(names(upper)).toContain(permission);
      expect(names(upper).size).toBeGreaterThan(names(lower).size);
    }
  });

  it('throws a TypeError for an unknown role', () => {
    expect(() => authz.permissionsOf('root')).toThrow(new TypeError('Unknown role "root"'));
  });
});

describe('immutability', () => {
  it('freezes the authorizer, its lists and its matrix', () => {
    expect(Object.isFrozen(authz)).toBe(true);
    expect(Object.isFrozen(authz.roles)).toBe(true);
    expect(Object.isFrozen(authz.resources)).toBe(true);
    expect(Object.isFrozen(authz.matrix())).toBe(true);
    expect(Object.isFrozen(authz.matrix()[0])).toBe(true);
    expect(Object.isFrozen(authz.permissionsOf('user'))).toBe(true);
  });

  it('copies its config: changing it afterwards changes nothing', () => {
    const roles = { boss: {}, staff: { inherits: 'boss' as string } };
    const actions = { read: { allow: ['staff'] } };
    const own = createAuthorizer({ roles, policies: { memo: { actions } } });
    roles.staff.inherits = 'nobody';
    actions.read.allow.push('boss');
    expect(own.can({ userId: 'b', role: 'boss' }, 'read', 'memo').allowed).toBe(false);
    expect(own.can({ userId: 's', role: 'staff' }, 'read', 'memo').allowed).toBe(true);
  });
});
