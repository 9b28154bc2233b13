import { type AccessControl, isTrussError, type Principal, statusOf, TrussError } from '@truss/core';
import { describe, expect, it, vi } from 'vitest';
import { toAccessControl } from './access-control.js';
import { createAuthorizer } from './authorizer.js';

const authz = createAuthorizer();
const access: AccessControl = toAccessControl(authz);

const alice: Principal = { userId: 'alice', role: 'user' };
const gus: Principal = { userId: 'gus', role: 'guest' };
const mia: Principal = { userId: 'mia', role: 'manager' };
const ada: Principal = { userId: 'ada', role: 'admin' };
const aliceOrder = { id: 'o1', userId: 'alice', status: 'pending' };

/** The error `run` throws, or `undefined` when it returns. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** The HTTP status of the `TrussError` `run` throws (the kernel's table), or `undefined` when it returns. */
function statusOfRun(run: () => unknown): number | undefined {
  const error = thrown(run);
  if (error === undefined) return undefined;
  if (!isTrussError(error)) throw error;
  return statusOf(error.code);
}

describe('toAccessControl', () => {
  describe('authorize', () => {
    it('returns when the policy allows', () => {
      expect(access.authorize(alice, 'pay', 'order', aliceOrder)).toBeUndefined();
      expect(access.authorize(ada, 'list', 'user')).toBeUndefined();
      expect(access.authorize(null, 'read', 'product')).toBeUndefined();
    });

    it('throws unauthorized (401) to an anonymous caller', () => {
      expect(statusOfRun(() => access.authorize(null, 'create', 'order'))).toBe(401);
      expect(statusOfRun(() => access.authorize(null, 'read', 'order', aliceOrder))).toBe(401);
    });

    it('throws forbidden (403) when the caller may see the object but not do this', () => {
      expect(statusOfRun(() => access.authorize(alice, 'list', 'user'))).toBe(403);
      expect(statusOfRun(() => access.authorize(mia, 'pay', 'order', aliceOrder))).toBe(403);
    });

    it('throws not_found (404) for an object the caller may not know exists', () => {
      const bob: Principal = { userId: 'bob', role: 'user' };
      expect(statusOfRun(() => access.authorize(bob, 'read', 'order', aliceOrder))).toBe(404);
      expect(statusOfRun(() => access.authorize(bob, 'pay', 'order', aliceOrder))).toBe(404);
    });

    it('throws exactly what guard throws', () => {
      const cases: [Principal | null, string, string, unknown][] = [
        [null, 'list', 'order', undefined],
        [gus, 'read', 'user', { id: 'alice' }],
        [mia, 'cancel', 'order', aliceOrder],
      ];
      for (const [subject, action, resource, object] of cases) {
        const ours = thrown(() => access.authorize(subject, action, resource, object));
        const guards = thrown(() => authz.guard(subject, action, resource, object));
        expect(ours).toBeInstanceOf(TrussError);
        expect(ours).toEqual(guards);
        expect((ours as TrussError).details).toEqual((guards as TrussError).details);
      }
    });

    it('throws a TypeError for an unknown resource or action (a bug, not a denial)', () => {
      expect(() => access.authorize(ada, 'read', 'invoice')).toThrow(TypeError);
      expect(() => access.authorize(ada, 'refund', 'order')).toThrow(TypeError);
    });
  });

  describe('scope', () => {
    it('answers own when the caller may act only on what it owns', () => {
      expect(access.scope(alice, 'list', 'order')).toBe('own');
      expect(access.scope(alice, 'pay', 'order')).toBe('own');
      expect(access.scope(gus, 'update', 'user')).toBe('own');
    });

    it('answers any when the caller may act on every object', () => {
      expect(access.scope(mia, 'list', 'order')).toBe('any');
      expect(access.scope(ada, 'list', 'user')).toBe('any');
      expect(access.scope(null, 'list', 'product')).toBe('any');
    });

    it('throws like authorize when the caller may do neither', () => {
      expect(statusOfRun(() => access.scope(gus, 'list', 'order'))).toBe(403);
      expect(statusOfRun(() => access.scope(mia, 'list', 'user'))).toBe(403);
      expect(statusOfRun(() => access.scope(null, 'list', 'order'))).toBe(401);
      expect(thrown(() => access.scope(gus, 'list', 'order'))).toEqual(
        thrown(() => authz.guard(gus, 'list', 'order')),
      );
    });
  });

  describe('fields', () => {
    const target = {
      id: 'alice',
      email: 'alice@example.com',
      passwordHash: '$argon2id$…',
      firstName: 'Alice',
      role: 'user',
    };

    it('pickReadable answers what the authorizer answers, and delegates to it', () => {
      const copy = { ...authz };
      const spy = vi.spyOn(copy, 'pickReadable');
      const port = toAccessControl(copy);
      const bob: Principal = { userId: 'bob', role: 'user' };
      expect(port.pickReadable(bob, 'user', target)).toEqual({
        id: 'alice',
        firstName: 'Alice',
        role: 'user',
      });
      expect(port.pickReadable(alice, 'user', target)).toEqual(authz.pickReadable(alice, 'user', target));
      expect(spy).toHaveBeenCalledTimes(2);
      expect(spy).toHaveBeenLastCalledWith(alice, 'user', target);
    });

    it('assertWritable answers what the authorizer answers, and delegates to it', () => {
      const copy = { ...authz };
      const spy = vi.spyOn(copy, 'assertWritable');
      const port = toAccessControl(copy);
      expect(port.assertWritable(alice, 'user', target, { firstName: 'Al' })).toBeUndefined();
      const error = thrown(() => port.assertWritable(alice, 'user', target, { role: 'admin' }));
      expect(error).toMatchObject({ code: 'forbidden', details: [{ path: 'role' }] });
      expect(statusOfRun(() => port.assertWritable(null, 'product', undefined, { name: 'Lamp' }))).toBe(401);
      expect(port.assertWritable(ada, 'user', target, { role: 'manager' })).toBeUndefined();
      expect(spy).toHaveBeenCalledTimes(4);
      expect(spy).toHaveBeenCalledWith(alice, 'user', target, { role: 'admin' });
    });
  });

  it('takes an extended authorizer as it is, and is frozen', () => {
    const extended = createAuthorizer({
      extend: {
        roles: { support: { inherits: 'user', inheritedBy: ['manager'] } },
        policies: { ticket: { actions: { close: { allow: ['support'] } } } },
      },
    });
    const port = toAccessControl(extended);
    const sam: Principal = { userId: 'sam', role: 'support' as Principal['role'] };
    expect(port.authorize(sam, 'close', 'ticket')).toBeUndefined();
    expect(port.scope(mia, 'close', 'ticket')).toBe('any');
    expect(statusOfRun(() => port.authorize(alice, 'close', 'ticket'))).toBe(403);
    expect(Object.isFrozen(port)).toBe(true);
  });
});
