import { ROLES, type Role } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { type Authorizer, createAuthorizer } from './authorizer.js';
import type { Catalog } from './catalog.js';
import { DEFAULT_POLICIES, userPolicy } from './default-policies.js';

const authz = createAuthorizer();
const ME = 'me-id';
const OTHER = 'other-id';

/** Objects of each resource, owned by `owner`. */
const objects = {
  user: (owner: string) => ({ id: owner }),
  product: (_owner: string) => ({ id: 'p1', name: 'Lamp' }),
  order: (owner: string) => ({ id: 'o1', userId: owner }),
  analytics: (_owner: string) => ({}),
} as const;

type Resource = keyof typeof objects;

/**
 * The spec's table, typed by hand (it is what the code must match, not derived from it): the roles
 * allowed with no object, on their own object, and on someone else's.
 */
const TABLE: Record<string, { none: Role[]; own: Role[]; other: Role[] }> = {
  'list:user': { none: ['admin'], own: ['admin'], other: ['admin'] },
  'read:user': {
    none: ['admin', 'manager', 'user', 'guest'],
    own: ['admin', 'manager', 'user', 'guest'],
    other: ['admin', 'manager', 'user'],
  },
  'update:user': {
    none: ['admin', 'manager', 'user', 'guest'],
    own: ['admin', 'manager', 'user', 'guest'],
    other: ['admin'],
  },
  'delete:user': { none: ['admin'], own: ['admin'], other: ['admin'] },
  'change-role:user': { none: ['admin'], own: ['admin'], other: ['admin'] },
  // Spec §4.1 lets only an Admin list users; an export lists them all.
  'export:user': { none: ['admin'], own: ['admin'], other: ['admin'] },
  'list:product': { none: [...ROLES], own: [...ROLES], other: [...ROLES] },
  'read:product': { none: [...ROLES], own: [...ROLES], other: [...ROLES] },
  'create:product': { none: ['admin', 'manager'], own: ['admin', 'manager'], other: ['admin', 'manager'] },
  'update:product': { none: ['admin', 'manager'], own: ['admin', 'manager'], other: ['admin', 'manager'] },
  'delete:product': { none: ['admin', 'manager'], own: ['admin', 'manager'], other: ['admin', 'manager'] },
  'create:order': {
    none: ['admin', 'manager', 'user'],
    own: ['admin', 'manager', 'user'],
    other: ['admin', 'manager', 'user'],
  },
  'list:order': {
    none: ['admin', 'manager', 'user'],
    own: ['admin', 'manager', 'user'],
    other: ['admin', 'manager'],
  },
  'read:order': {
    none: ['admin', 'manager', 'user'],
    own: ['admin', 'manager', 'user'],
    other: ['admin', 'manager'],
  },
  'pay:order': { none: ['admin', 'manager', 'user'], own: ['admin', 'manager', 'user'], other: [] },
  'cancel:order': { none: ['admin', 'manager', 'user'], own: ['admin', 'manager', 'user'], other: [] },
  'ship:order': { none: ['admin', 'manager'], own: ['admin', 'manager'], other: ['admin', 'manager'] },
  'deliver:order': { none: ['admin', 'manager'], own: ['admin', 'manager'], other: ['admin', 'manager'] },
  'export:order': { none: ['admin', 'manager'], own: ['admin', 'manager'], other: ['admin', 'manager'] },
  // The daily sales report: Managers and Admins.
  'read:analytics': { none: ['admin', 'manager'], own: ['admin', 'manager'], other: ['admin', 'manager'] },
};

function check(role: Role | null, permission: string, target: 'none' | 'own' | 'other') {
  const [action, resource] = permission.split(':') as [string, Resource];
  const subject = role === null ? null : { userId: ME, role };
  const object = target === 'none' ? undefined : objects[resource](target === 'own' ? ME : OTHER);
  return (authz as unknown as Authorizer<Catalog>).can(subject, action, resource, object);
}

describe('the default policy table', () => {
  it('covers every default permission, and only those', () => {
    const all = Object.entries(DEFAULT_POLICIES).flatMap(([resource, policy]) =>
      Object.keys(policy.actions).map((action) => `${action}:${resource}`),
    );
    expect(all.sort()).toEqual(Object.keys(TABLE).sort());
  });

  for (const [permission, expected] of Object.entries(TABLE)) {
    for (const target of ['none', 'own', 'other'] as const) {
      it(`${permission} (${target === 'none' ? 'no object' : `${target} object`})`, () => {
        for (const role of ROLES) {
          expect({ role, allowed: check(role, permission, target).allowed }).toEqual({
            role,
            allowed: expected[target].includes(role),
          });
        }
      });
    }
  }

  it('lets anonymous callers list and read products, and nothing else', () => {
    for (const permission of Object.keys(TABLE)) {
      for (const target of ['none', 'other'] as const) {
        const decision = check(null, permission, target);
        const expected = permission.endsWith(':product') && /^(list|read):/.test(permission);
        expect({ permission, target, allowed: decision.allowed }).toEqual({
          permission,
          target,
          allowed: expected,
        });
        if (!decision.allowed) expect(decision.code).toBe('unauthorized');
      }
    }
  });
});

describe('denial codes', () => {
  it('answers 404 for an order the caller may not read, 403 for one it may', () => {
    expect(check('user', 'read:order', 'other')).toMatchObject({ allowed: false, code: 'not_found' });
    expect(check('user', 'pay:order', 'other')).toMatchObject({ allowed: false, code: 'not_found' });
    expect(check('user', 'ship:order', 'own')).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(check('manager', 'pay:order', 'other')).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(check('admin', 'cancel:order', 'other')).toMatchObject({ allowed: false, code: 'forbidden' });
  });

  it('answers 403 for a user the caller may read but not change', () => {
    expect(check('user', 'update:user', 'other')).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(check('manager', 'delete:user', 'other')).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(check('guest', 'read:user', 'other')).toMatchObject({ allowed: false, code: 'not_found' });
  });

  it('answers 403, never 404, without an object', () => {
    expect(check('user', 'list:user', 'none')).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(check('guest', 'create:order', 'none')).toMatchObject({ allowed: false, code: 'forbidden' });
  });

  it('explains a denial', () => {
    expect(check('user', 'delete:user', 'other')).toMatchObject({
      reason: 'Role "user" may not delete user',
    });
    expect(check('manager', 'pay:order', 'other')).toMatchObject({
      reason: 'Role "manager" may pay only its own order',
    });
    expect(check(null, 'create:order', 'none')).toMatchObject({ reason: 'Sign in to create order' });
  });
});

describe('scopes', () => {
  it('scopes a user’s order list to its own orders, and a manager’s to all', () => {
    expect(check('user', 'list:order', 'none')).toEqual({
      allowed: true,
      permission: 'list:order',
      scope: 'own',
    });
    expect(check('manager', 'list:order', 'none')).toEqual({
      allowed: true,
      permission: 'list:order',
      scope: 'any',
    });
    expect(check('user', 'read:order', 'own')).toMatchObject({ scope: 'own' });
    expect(check('admin', 'read:order', 'own')).toMatchObject({ scope: 'any' });
  });

  it('counts ownership only for the owner id the policy reads', () => {
    expect(authz.can({ userId: ME, role: 'user' }, 'read', 'order', { user_id: ME }).allowed).toBe(true);
    expect(authz.can({ userId: ME, role: 'user' }, 'read', 'order', { user_id: OTHER }).allowed).toBe(false);
  });
});

describe('default policy objects', () => {
  it('are frozen all the way down', () => {
    expect(Object.isFrozen(userPolicy.actions.list.allow)).toBe(true);
    expect(Object.isFrozen(DEFAULT_POLICIES)).toBe(true);
    expect(() => (userPolicy.actions.list.allow as string[]).push('user')).toThrow(TypeError);
  });
});
