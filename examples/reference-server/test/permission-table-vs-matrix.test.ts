import { createAuthorizer, type MatrixRow } from '@truss/rbac';
import { describe, expect, it } from 'vitest';
import { CASES, type Case, describeCase, REQUESTS, type Request } from './permission-table.js';

// authorizer.matrix() of the default policy checked against the hand-written permission table: the
// matrix is the answer under test, the table the independent oracle. For each case, the matrix's
// decisions along the server's checks (the route's permission without an object, then the service's
// on the object) must give the table's status: the first denial's 401 / 403 / 404, or — when every
// check allows — a status that is not a denial (a success, or what the object's state makes it).

const STATUS = { unauthorized: 401, forbidden: 403, not_found: 404 } as const;
const rows = createAuthorizer().matrix();

function decision(role: string | null, permission: string, ownership: MatrixRow['ownership']) {
  const row = rows.find((r) => r.role === role && r.permission === permission && r.ownership === ownership);
  if (!row) throw new Error(`matrix() has no row for ${role ?? 'anonymous'} ${permission} ${ownership}`);
  return row.decision;
}

/** The status the matrix gives a case: its first denial's, or `allowed`. */
function fromMatrix(c: Case, request: Request): number | 'allowed' {
  const role = c.caller === 'anonymous' ? null : c.caller;
  const [route] = request.checks;
  if (route === undefined) throw new Error(`${c.request} checks no permission`);
  const chain = [decision(role, route, 'no-object')];
  if (request.resource !== undefined && c.state !== 'missing') {
    // Products have no owner: every caller's product is someone else's.
    const ownership = c.object === 'none' ? 'other' : c.object;
    for (const permission of request.checks) chain.push(decision(role, permission, ownership));
  }
  for (const d of chain) if (d !== 'allowed') return STATUS[d];
  return 'allowed';
}

/** What the table says, in the matrix's terms: the denial's status, or `allowed`. */
function fromTable(c: Case): number | 'allowed' {
  const denied = c.status === 401 || c.status === 403 || (c.status === 404 && c.state !== 'missing');
  return denied ? c.status : 'allowed';
}

describe('authorizer.matrix() against the hand-written permission table', () => {
  const requests: readonly Request[] = Object.values(REQUESTS);

  it('names the same permissions', () => {
    const inMatrix = new Set<string>(rows.map((r) => r.permission));
    const inTable = new Set(requests.flatMap((r) => r.checks));
    expect([...inTable].filter((p) => !inMatrix.has(p))).toEqual([]);
    expect([...inMatrix].filter((p) => !inTable.has(p))).toEqual([]);
  });

  it('gives every case of the table the table’s answer', () => {
    const checked = CASES.filter((c) => REQUESTS[c.request].checks.length > 0);
    expect(checked.length).toBeGreaterThan(150);
    const disagreements = checked
      .map((c) => ({ c, matrix: fromMatrix(c, REQUESTS[c.request]), table: fromTable(c) }))
      .filter(({ matrix, table }) => matrix !== table)
      .map(({ c, matrix }) => `${describeCase(c)}, but matrix() says ${matrix}`);
    expect(disagreements).toEqual([]);
  });
});
