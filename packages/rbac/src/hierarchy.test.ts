import { describe, expect, it } from 'vitest';
import { createAuthorizer } from './authorizer.js';
import { resolveHierarchy } from './hierarchy.js';

describe('resolveHierarchy', () => {
  it('gives each role its own permissions and those of every role below it', () => {
    const result = resolveHierarchy(
      new Map([
        ['admin', ['manager']],
        ['manager', ['user']],
        ['user', ['guest']],
        ['guest', []],
      ]),
    );
    expect(
      'powers' in result && Object.fromEntries([...result.powers].map(([r, s]) => [r, [...s].sort()])),
    ).toEqual({
      admin: ['admin', 'guest', 'manager', 'user'],
      manager: ['guest', 'manager', 'user'],
      user: ['guest', 'user'],
      guest: ['guest'],
    });
  });

  it('follows several parents', () => {
    const result = resolveHierarchy(
      new Map([
        ['lead', ['writer', 'reviewer']],
        ['writer', ['reader']],
        ['reviewer', ['reader']],
        ['reader', []],
      ]),
    );
    expect('powers' in result && [...(result.powers.get('lead') ?? [])].sort()).toEqual([
      'lead',
      'reader',
      'reviewer',
      'writer',
    ]);
  });

  it('reports a cycle', () => {
    expect(
      resolveHierarchy(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual({
      cycle: ['a', 'b', 'c', 'a'],
    });
    expect(resolveHierarchy(new Map([['a', ['a']]]))).toEqual({ cycle: ['a', 'a'] });
  });
});

describe('the default hierarchy', () => {
  const authz = createAuthorizer();
  const can = (role: string, action: 'ship' | 'create', resource: 'order' | 'product') =>
    authz.can({ userId: 'u', role }, action, resource).allowed;

  it('is admin ⊇ manager ⊇ user ⊇ guest', () => {
    expect(['admin', 'manager', 'user', 'guest'].map((r) => can(r, 'ship', 'order'))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(['admin', 'manager', 'user', 'guest'].map((r) => can(r, 'create', 'order'))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('lets a role inherit from several roles', () => {
    const custom = createAuthorizer({
      extend: { roles: { auditor: { inherits: ['guest'] }, lead: { inherits: ['user', 'auditor'] } } },
    });
    expect(custom.can({ userId: 'u', role: 'lead' }, 'create', 'order').allowed).toBe(true);
    expect(custom.can({ userId: 'u', role: 'auditor' }, 'create', 'order').allowed).toBe(false);
  });
});
