import { isTrussError, type User } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from './authorizer.js';

const authz = createAuthorizer();
const now = new Date('2026-01-01T00:00:00Z');
const alice: User = {
  id: 'alice',
  email: 'alice@example.com',
  passwordHash: '$argon2id$v=19$secret',
  firstName: 'Alice',
  lastName: 'Liddell',
  role: 'user',
  createdAt: now,
  updatedAt: now,
};
const as = (role: string, userId = `${role}-id`) => ({ userId, role });
const keys = (value: object) => Object.keys(value).sort();

function forbiddenFields(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    if (isTrussError(error) && error.code === 'forbidden') return error.details;
    throw error;
  }
  return 'allowed';
}

describe('reading users', () => {
  it('never shows the password hash, not even to an admin or the owner', () => {
    for (const subject of [as('admin'), as('user', 'alice')]) {
      expect(authz.pickReadable(subject, 'user', alice)).not.toHaveProperty('passwordHash');
    }
    expect(
      authz.filterFields(as('admin'), 'user', alice, ['passwordHash', 'password_hash', 'password']),
    ).toEqual([]);
  });

  it('shows the owner and managers up everything else', () => {
    const all = ['createdAt', 'email', 'firstName', 'id', 'lastName', 'role', 'updatedAt'];
    expect(keys(authz.pickReadable(as('user', 'alice'), 'user', alice))).toEqual(all);
    expect(keys(authz.pickReadable(as('manager'), 'user', alice))).toEqual(all);
    expect(keys(authz.pickReadable(as('admin'), 'user', alice))).toEqual(all);
  });

  it('hides the email from other users, and everything from those who may not read the user', () => {
    expect(keys(authz.pickReadable(as('user'), 'user', alice))).toEqual([
      'createdAt',
      'firstName',
      'id',
      'lastName',
      'role',
      'updatedAt',
    ]);
    expect(authz.pickReadable(as('guest'), 'user', alice)).toEqual({});
    expect(authz.pickReadable(null, 'user', alice)).toEqual({});
  });

  it('drops fields the policy does not list (a new secret column stays hidden)', () => {
    const withSecret = { ...alice, mfaSecret: 'JBSWY3DPEHPK3PXP' };
    expect(authz.pickReadable(as('admin'), 'user', withSecret)).not.toHaveProperty('mfaSecret');
  });

  it('checks the API shape through aliases', () => {
    const apiView = {
      id: alice.id,
      email: alice.email,
      first_name: alice.firstName,
      last_name: alice.lastName,
      role: alice.role,
      created_at: alice.createdAt.toISOString(),
      updated_at: alice.updatedAt.toISOString(),
    };
    const body = authz.pickReadable(as('user'), 'user', apiView);
    expect(keys(body)).toEqual(['created_at', 'first_name', 'id', 'last_name', 'role', 'updated_at']);
  });

  it('keeps the values it keeps', () => {
    expect(authz.pickReadable(as('user', 'alice'), 'user', alice)).toMatchObject({
      email: 'alice@example.com',
      createdAt: now,
    });
  });
});

describe('writing users', () => {
  it('lets the owner change its own names, email and password', () => {
    const patch = { firstName: 'Al', email: 'al@example.com', password: 'correct horse battery' };
    expect(forbiddenFields(() => authz.assertWritable(as('user', 'alice'), 'user', alice, patch))).toBe(
      'allowed',
    );
  });

  it('never lets a non-admin change a role, its own included', () => {
    for (const role of ['guest', 'user', 'manager']) {
      expect(
        forbiddenFields(() => authz.assertWritable(as(role, 'alice'), 'user', alice, { role: 'admin' })),
      ).toEqual([{ path: 'role', message: 'You may not change this field' }]);
    }
    expect(forbiddenFields(() => authz.assertWritable(as('admin'), 'user', alice, { role: 'manager' }))).toBe(
      'allowed',
    );
  });

  it("never lets a non-admin change another user's data", () => {
    for (const role of ['user', 'manager']) {
      expect(
        forbiddenFields(() =>
          authz.assertWritable(as(role), 'user', alice, { first_name: 'Eve', email: 'e@x.io' }),
        ),
      ).toEqual([
        { path: 'first_name', message: 'You may not change this field' },
        { path: 'email', message: 'You may not change this field' },
      ]);
    }
    expect(
      forbiddenFields(() => authz.assertWritable(as('admin'), 'user', alice, { firstName: 'Eve' })),
    ).toBe('allowed');
  });

  it('lets nobody write ids, timestamps, the hash or unknown fields', () => {
    const patch = { id: 'x', createdAt: now, updated_at: now, passwordHash: 'h', isAdmin: true };
    const denied = forbiddenFields(() => authz.assertWritable(as('admin'), 'user', alice, patch));
    expect((denied as { path: string }[]).map((d) => d.path)).toEqual(Object.keys(patch));
  });

  it('ignores keys whose value is undefined', () => {
    expect(
      forbiddenFields(() => authz.assertWritable(as('user', 'alice'), 'user', alice, { role: undefined })),
    ).toBe('allowed');
  });

  it('answers unauthorized to an anonymous writer', () => {
    expect(() => authz.assertWritable(null, 'user', alice, { firstName: 'X' })).toThrow(
      'Authentication required',
    );
  });
});

describe('products and orders', () => {
  const lamp = { id: 'p1', name: 'Lamp', description: null, price: '9.90', stock: 3, createdAt: now };
  const order = { id: 'o1', userId: 'alice', total: '9.90', status: 'paid', trackingNumber: null };

  it('shows every product field to everyone', () => {
    expect(authz.pickReadable(null, 'product', lamp)).toEqual(lamp);
  });

  it('lets managers up write product fields but not the id or timestamps', () => {
    const input = { name: 'Desk lamp', price: '19.90', stock: 5 };
    expect(forbiddenFields(() => authz.assertWritable(as('manager'), 'product', undefined, input))).toBe(
      'allowed',
    );
    expect(forbiddenFields(() => authz.assertWritable(as('manager'), 'product', lamp, { id: 'p2' }))).toEqual(
      [{ path: 'id', message: 'You may not change this field' }],
    );
    expect(authz.filterFields(as('user'), 'product', lamp, ['name', 'stock'], 'write')).toEqual([]);
  });

  it('shows an order to its readers and nothing to others', () => {
    expect(authz.pickReadable(as('user', 'alice'), 'order', order)).toEqual(order);
    expect(authz.pickReadable(as('manager'), 'order', order)).toEqual(order);
    expect(authz.pickReadable(as('user', 'bob'), 'order', order)).toEqual({});
  });

  it('lets nobody write order fields (orders change through actions)', () => {
    expect(authz.filterFields(as('admin'), 'order', order, ['status', 'total'], 'write')).toEqual([]);
  });
});
