import { isTrussError } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from './authorizer.js';
import type { AuthorizerConfig } from './config-schema.js';

function problems(config: unknown): { message: string; details: unknown } {
  try {
    createAuthorizer(config as AuthorizerConfig);
  } catch (error) {
    if (isTrussError(error) && error.code === 'validation_error') {
      return { message: error.message, details: error.details };
    }
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const KNOWN = 'known roles: admin, manager, user, guest';

describe('bad config', () => {
  const cases: [string, unknown, string][] = [
    [
      'an unknown parent role',
      { extend: { roles: { support: { inherits: 'usr' } } } },
      `extend.roles.support.inherits: Unknown role "usr" (${KNOWN}, support)`,
    ],
    [
      'an unknown child role',
      { extend: { roles: { support: { inheritedBy: ['admn'] } } } },
      `extend.roles.support.inheritedBy: Unknown role "admn" (${KNOWN}, support)`,
    ],
    [
      'a role added twice',
      { extend: { roles: { admin: {} } } },
      'extend.roles.admin: Role "admin" already exists',
    ],
    [
      'a cycle',
      { roles: { a: { inherits: 'b' }, b: { inherits: 'a' } }, policies: { x: { actions: { read: {} } } } },
      'roles.a: Role cycle: a → b → a',
    ],
    [
      'a cycle through an added role',
      { extend: { roles: { support: { inherits: 'admin', inheritedBy: ['user'] } } } },
      'Role cycle:',
    ],
    [
      'an unknown role in a rule',
      { extend: { policies: { invoice: { actions: { read: { allow: ['suport'] } } } } } },
      `extend.policies.invoice.actions.read.allow.0: Unknown role "suport" (${KNOWN})`,
    ],
    [
      'an own grant without an owner',
      { extend: { policies: { invoice: { actions: { read: { own: ['user'] } } } } } },
      'extend.policies.invoice.actions.read.own: An "own" grant needs the policy to have an owner function',
    ],
    [
      'an unknown role in a field rule',
      { extend: { policies: { user: { fields: { nickname: { write: { allow: ['editor'] } } } } } } },
      'extend.policies.user.fields.nickname.write.allow.0: Unknown role "editor"',
    ],
    [
      'a misspelt key',
      { extend: { policies: { invoice: { actions: { read: { alow: ['user'] } } } } } },
      'extend.policies.invoice.actions.read: Unrecognized key: "alow"',
    ],
    [
      'an action name with a colon',
      { extend: { policies: { invoice: { actions: { 'read:all': { allow: ['admin'] } } } } } },
      'extend.policies.invoice.actions.read:all: Use letters, digits, "_" and "-", starting with a letter',
    ],
    [
      'a policy without actions',
      { extend: { policies: { invoice: { owner: (i: { by: string }) => i.by } } } },
      'extend.policies.invoice.actions: A policy needs at least one action',
    ],
    [
      'an owner that is not a function',
      { extend: { policies: { invoice: { actions: { read: {} }, owner: 'customerId' } } } },
      'extend.policies.invoice.owner: Expected a function',
    ],
    [
      'an unknown visibility action',
      { extend: { policies: { invoice: { actions: { get: {} }, visibility: 'read' } } } },
      'extend.policies.invoice.visibility: Unknown action "read" (actions: get)',
    ],
    [
      'a grant to an unknown role',
      { extend: { grants: { support: ['read:order'] } } },
      `extend.grants.support: Unknown role "support" (${KNOWN})`,
    ],
    [
      'a grant of an unknown action',
      { extend: { grants: { user: ['refund:order'] } } },
      'extend.grants.user.0: Unknown permission "refund:order" (actions of order: create, list, read, pay',
    ],
    [
      'a grant of an unknown resource',
      { extend: { grants: { user: ['read:orders'] } } },
      'extend.grants.user.0: Unknown permission "read:orders": expected "action:resource" with resource one of user, product, order',
    ],
    ['an unknown anonymous role', { anonymous: 'visitor' }, `anonymous: Unknown role "visitor" (${KNOWN})`],
    ['an unknown option', { extends: {} }, 'Unrecognized key: "extends"'],
    [
      'a field rule that is neither a boolean nor a grant',
      { extend: { policies: { user: { fields: { nickname: { read: 'admin' } } } } } },
      'extend.policies.user.fields.nickname.read: Expected true, false or a grant ({ allow, own })',
    ],
    [
      'a role name that is not a name',
      { extend: { roles: { 'super user': {} } } },
      'extend.roles.super user: Use letters, digits, "_" and "-", starting with a letter',
    ],
  ];

  for (const [what, config, expected] of cases) {
    it(`rejects ${what}`, () => {
      const { message } = problems(config);
      expect(message.startsWith('Invalid RBAC config: ')).toBe(true);
      expect(message).toContain(expected);
    });
  }

  it('lists every problem in details, each with its path', () => {
    const { details } = problems({
      extend: { roles: { support: { inherits: 'usr' } }, grants: { user: ['fly:order'] } },
    });
    expect(details).toEqual([
      { path: 'extend.roles.support.inherits', message: `Unknown role "usr" (${KNOWN}, support)` },
      {
        path: 'extend.grants.user.0',
        message: expect.stringContaining('Unknown permission "fly:order"'),
      },
    ]);
  });

  it('accepts the defaults and an empty extension', () => {
    expect(() => createAuthorizer()).not.toThrow();
    expect(() => createAuthorizer({})).not.toThrow();
    expect(() => createAuthorizer({ extend: {} })).not.toThrow();
  });
});
