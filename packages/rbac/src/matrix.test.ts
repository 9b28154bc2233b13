import { describe, expect, it } from 'vitest';
import type { Authorizer } from './authorizer.js';
import { createAuthorizer } from './authorizer.js';
import type { Catalog } from './catalog.js';
import type { MatrixRow } from './types.js';

const authz = createAuthorizer();
/** The same authorizer, taking the rows' runtime strings. */
const untyped = authz as unknown as Authorizer<Catalog>;
const SUBJECT = 'subject-id';

/** An object of `resource` owned by the subject (`own`) or by someone else. */
function objectOf(resource: string, ownership: MatrixRow['ownership']): object | undefined {
  if (ownership === 'no-object') return undefined;
  const owner = ownership === 'own' ? SUBJECT : 'someone-else';
  return resource === 'user' ? { id: owner } : resource === 'order' ? { userId: owner } : { id: 'p1' };
}

describe('matrix', () => {
  const rows = authz.matrix();

  it('has a row per role (and anonymous) × action × ownership', () => {
    // user: 6 actions, order: 8 (both owned: 4 roles × 3 + anonymous × 2); product: 5 and
    // analytics: 1 (no owner: 5 callers × 2).
    expect(rows).toHaveLength(6 * 14 + 8 * 14 + 5 * 10 + 1 * 10);
    const keys = rows.map((r) => `${r.role}|${r.permission}|${r.ownership}`);
    expect(new Set(keys).size).toBe(rows.length);
    expect(rows.filter((r) => r.role === null && r.ownership === 'own')).toEqual([]);
  });

  it('agrees with can() on every row', () => {
    for (const row of rows) {
      const subject = row.role === null ? null : { userId: SUBJECT, role: row.role };
      const decision = untyped.can(subject, row.action, row.resource, objectOf(row.resource, row.ownership));
      expect({
        row: `${row.role} ${row.permission} ${row.ownership}`,
        decision: decision.allowed ? 'allowed' : decision.code,
      }).toEqual({
        row: `${row.role} ${row.permission} ${row.ownership}`,
        decision: row.decision,
      });
      expect(row.allowed).toBe(decision.allowed);
    }
  });

  it('holds the rows a permission test needs', () => {
    const find = (role: string | null, permission: string, ownership: MatrixRow['ownership']) =>
      rows.find((r) => r.role === role && r.permission === permission && r.ownership === ownership);
    expect(find('user', 'read:order', 'other')).toEqual({
      role: 'user',
      resource: 'order',
      action: 'read',
      permission: 'read:order',
      ownership: 'other',
      allowed: false,
      decision: 'not_found',
      conditional: false,
    });
    expect(find('manager', 'pay:order', 'other')?.decision).toBe('forbidden');
    expect(find('user', 'update:user', 'own')?.decision).toBe('allowed');
    expect(find(null, 'read:product', 'no-object')?.decision).toBe('allowed');
    expect(find(null, 'list:user', 'no-object')?.decision).toBe('unauthorized');
  });

  it('lists rows in a stable order: resources, actions, roles then anonymous, ownership', () => {
    expect(rows.slice(0, 4).map((r) => `${r.role} ${r.permission} ${r.ownership}`)).toEqual([
      'admin list:user no-object',
      'admin list:user own',
      'admin list:user other',
      'manager list:user no-object',
    ]);
    expect(rows.at(-1)).toMatchObject({ role: null, permission: 'read:analytics', ownership: 'other' });
  });

  it('marks rows whose rule has a condition, and covers added roles and resources', () => {
    const extended = createAuthorizer({
      extend: {
        roles: { support: { inherits: 'user' } },
        policies: { ticket: { actions: { close: { allow: ['support'], when: () => false } } } },
      },
    });
    const ticketRows = extended.matrix().filter((r) => r.resource === 'ticket');
    expect(ticketRows.map((r) => `${r.role}:${r.ownership}:${r.decision}`)).toEqual([
      'admin:no-object:forbidden',
      'admin:other:forbidden',
      'manager:no-object:forbidden',
      'manager:other:forbidden',
      'user:no-object:forbidden',
      'user:other:forbidden',
      'guest:no-object:forbidden',
      'guest:other:forbidden',
      'support:no-object:allowed',
      'support:other:allowed',
      'null:no-object:unauthorized',
      'null:other:unauthorized',
    ]);
    expect(ticketRows.every((r) => r.conditional)).toBe(true);
    expect(authz.matrix().some((r) => r.conditional)).toBe(false);
  });
});
