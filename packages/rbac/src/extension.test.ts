import { describe, expect, it } from 'vitest';
import { createAuthorizer } from './authorizer.js';
import type { Policy } from './types.js';

interface Invoice {
  id: string;
  customerId: string;
  status: 'open' | 'paid' | 'void';
  internalNote: string;
}

const invoicePolicy = {
  actions: {
    read: { allow: ['support'], own: ['user'] },
    refund: {
      allow: ['manager'],
      when: (_subject, invoice) => invoice === undefined || invoice.status === 'paid',
    },
    void: {
      allow: ['admin'],
      when: (_subject, invoice) => (invoice?.status === 'void' ? 'not_found' : true),
    },
  },
  owner: (invoice) => invoice.customerId,
  fields: { internalNote: { read: { allow: ['support'] } } },
} satisfies Policy<'read' | 'refund' | 'void', Invoice>;

const authz = createAuthorizer({
  extend: {
    roles: { support: { inherits: 'user', inheritedBy: ['manager'] } },
    policies: {
      invoice: invoicePolicy,
      order: { actions: { refund: { allow: ['admin'] } } },
      product: { actions: { delete: { allow: ['admin'] } } },
    },
    grants: { support: ['read:order', 'list:order'] },
  },
});

const as = (role: string, userId = `${role}-id`) => ({ userId, role });
const invoice: Invoice = { id: 'i1', customerId: 'carol', status: 'paid', internalNote: 'VIP' };
const order = { id: 'o1', userId: 'carol' };

describe('an added role', () => {
  it('sits where it is declared: user ⊆ support ⊆ manager ⊆ admin', () => {
    expect(authz.roles).toEqual(['admin', 'manager', 'user', 'guest', 'support']);
    expect(authz.can(as('support'), 'create', 'order').allowed).toBe(true); // from user
    expect(authz.can(as('support'), 'ship', 'order').allowed).toBe(false); // manager's, not support's
    expect(authz.can(as('user'), 'read', 'invoice', invoice)).toMatchObject({
      allowed: false,
      code: 'not_found',
    });
    for (const role of ['support', 'manager', 'admin']) {
      expect(authz.can(as(role), 'read', 'invoice', invoice).allowed).toBe(true);
    }
  });

  it('gets the permissions granted to it, on any object', () => {
    expect(authz.can(as('support'), 'read', 'order', order)).toEqual({
      allowed: true,
      permission: 'read:order',
      scope: 'any',
    });
    expect(authz.can(as('support'), 'list', 'order')).toMatchObject({ scope: 'any' });
    expect(authz.can(as('user'), 'read', 'order', order).allowed).toBe(false);
  });
});

describe('an added policy', () => {
  it('checks ownership with its owner function', () => {
    expect(authz.can(as('user', 'carol'), 'read', 'invoice', invoice)).toMatchObject({
      allowed: true,
      scope: 'own',
    });
  });

  it('runs when conditions: false is 403, not_found is 404', () => {
    expect(authz.can(as('manager'), 'refund', 'invoice', invoice).allowed).toBe(true);
    expect(authz.can(as('manager'), 'refund', 'invoice', { ...invoice, status: 'open' })).toMatchObject({
      allowed: false,
      code: 'forbidden',
      reason: 'A condition of refund:invoice is not met',
    });
    expect(authz.can(as('admin'), 'void', 'invoice', { ...invoice, status: 'void' })).toMatchObject({
      allowed: false,
      code: 'not_found',
    });
  });

  it('applies its field rules', () => {
    expect(authz.pickReadable(as('user', 'carol'), 'invoice', invoice)).toEqual({
      id: 'i1',
      customerId: 'carol',
      status: 'paid',
    });
    expect(authz.pickReadable(as('support'), 'invoice', invoice)).toEqual(invoice);
  });
});

describe('extending a default policy', () => {
  it('adds actions and keeps the others', () => {
    expect(authz.can(as('admin'), 'refund', 'order', order).allowed).toBe(true);
    expect(authz.can(as('manager'), 'refund', 'order', order).allowed).toBe(false);
    expect(authz.can(as('manager'), 'ship', 'order', order).allowed).toBe(true);
  });

  it('replaces a rule it names', () => {
    expect(authz.can(as('manager'), 'delete', 'product').allowed).toBe(false);
    expect(authz.can(as('admin'), 'delete', 'product').allowed).toBe(true);
    expect(authz.can(as('manager'), 'update', 'product').allowed).toBe(true);
  });

  it('leaves other authorizers alone', () => {
    expect(createAuthorizer().can(as('manager'), 'delete', 'product').allowed).toBe(true);
  });

  it('gives Managers the user export back with a grant (Admin-only by default)', () => {
    expect(createAuthorizer().can(as('manager'), 'export', 'user').allowed).toBe(false);
    const managersExport = createAuthorizer({ extend: { grants: { manager: ['export:user'] } } });
    expect(managersExport.can(as('manager'), 'export', 'user').allowed).toBe(true);
    expect(managersExport.can(as('user'), 'export', 'user').allowed).toBe(false);
  });
});

describe('a table of its own', () => {
  const own = createAuthorizer({
    roles: { editor: { inherits: 'reader' }, reader: {} },
    anonymous: null,
    policies: {
      page: {
        actions: { read: { allow: ['reader'] }, edit: { allow: ['editor'], own: ['reader'] } },
        owner: (page: { authorId: string }) => page.authorId,
        visibility: false,
      },
    },
  });

  it('replaces the default roles and policies', () => {
    expect(own.roles).toEqual(['editor', 'reader']);
    expect(own.resources).toEqual(['page']);
    expect(own.can({ userId: 'r', role: 'reader' }, 'edit', 'page', { authorId: 'r' }).allowed).toBe(true);
    expect(own.can({ userId: 'e', role: 'editor' }, 'edit', 'page', { authorId: 'r' }).allowed).toBe(true);
  });

  it('answers 403 instead of 404 when visibility is off', () => {
    expect(own.can({ userId: 'r', role: 'reader' }, 'edit', 'page', { authorId: 'x' })).toMatchObject({
      code: 'forbidden',
    });
  });

  it('denies anonymous callers everything when anonymous is null', () => {
    expect(own.can(null, 'read', 'page')).toMatchObject({ allowed: false, code: 'unauthorized' });
  });
});
