import { createAuthorizer, type MatrixRow } from '@truss/rbac';
import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { describeWithServices } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Account, adminAccount, newAccount, newOrder, newProduct } from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

// The permission matrix, generated from authorizer.matrix(): every role (and an anonymous caller)
// against every endpoint, on objects it owns and objects it does not. Nothing here types a decision:
// the expected status is the policy table's. Only the endpoint of each permission is written out.

type Role = Account['role'];
type OrderState = 'pending' | 'paid' | 'shipped';

interface Endpoint {
  method: string;
  /** `:id` is the object's id. */
  path: string;
  body?: (subject: Subject) => unknown;
  /** Status when every check allows. */
  ok: number;
  /** Checked on an object (own, other) rather than on the collection (no object). */
  object?: { state?: OrderState; destructive?: boolean };
  /** Permissions checked on the object after the route's own, in order (e.g. role changes). */
  also?: string[];
}

interface Subject {
  role: Role | null;
  account: Account | null;
}

const ENDPOINTS: Record<string, Endpoint> = {
  'list:user': { method: 'GET', path: '/api/v1/users', ok: 200 },
  'export:user': { method: 'GET', path: '/api/v1/export/users', ok: 200 },
  'read:user': { method: 'GET', path: '/api/v1/users/:id', ok: 200, object: {} },
  'update:user': {
    method: 'PUT',
    path: '/api/v1/users/:id',
    body: () => ({ first_name: 'Matrix' }),
    ok: 200,
    object: {},
  },
  'change-role:user': {
    method: 'PUT',
    path: '/api/v1/users/:id',
    body: (s) => ({ role: s.role === 'admin' ? 'user' : 'admin' }),
    ok: 200,
    object: {},
    also: ['change-role:user'],
  },
  'delete:user': { method: 'DELETE', path: '/api/v1/users/:id', ok: 204, object: { destructive: true } },
  'list:product': { method: 'GET', path: '/api/v1/products', ok: 200 },
  'create:product': {
    method: 'POST',
    path: '/api/v1/products',
    body: () => ({ name: 'M', price: '1.00' }),
    ok: 201,
  },
  'read:product': { method: 'GET', path: '/api/v1/products/:id', ok: 200, object: {} },
  'update:product': {
    method: 'PUT',
    path: '/api/v1/products/:id',
    body: () => ({ price: '2.00' }),
    ok: 200,
    object: {},
  },
  'delete:product': {
    method: 'DELETE',
    path: '/api/v1/products/:id',
    ok: 204,
    object: { destructive: true },
  },
  'create:order': { method: 'POST', path: '/api/v1/orders', body: () => ({ items: [] }), ok: 201 },
  'list:order': { method: 'GET', path: '/api/v1/orders', ok: 200 },
  'export:order': { method: 'GET', path: '/api/v1/export/orders', ok: 200 },
  'read:order': { method: 'GET', path: '/api/v1/orders/:id', ok: 200, object: { state: 'pending' } },
  'pay:order': {
    method: 'POST',
    path: '/api/v1/orders/:id/pay',
    body: () => ({ payment_token: 'tok_success' }),
    ok: 200,
    object: { state: 'pending' },
  },
  'cancel:order': {
    method: 'POST',
    path: '/api/v1/orders/:id/cancel',
    ok: 200,
    object: { state: 'pending' },
  },
  'ship:order': {
    method: 'POST',
    path: '/api/v1/orders/:id/ship',
    body: () => ({ tracking_number: 'TRK-M' }),
    ok: 200,
    object: { state: 'paid' },
  },
  'deliver:order': {
    method: 'POST',
    path: '/api/v1/orders/:id/deliver',
    ok: 200,
    object: { state: 'shipped' },
  },
};

// The routes check an endpoint's permission without an object first (RBAC glue middleware), then
// the service checks it (and `also`) on the object: the first denial in that chain is the answer.
const STATUS = { unauthorized: 401, forbidden: 403, not_found: 404 } as const;
const authz = createAuthorizer();
const rows = authz.matrix();
const find = (role: string | null, permission: string, ownership: MatrixRow['ownership']) => {
  const row = rows.find((r) => r.role === role && r.permission === permission && r.ownership === ownership);
  if (!row) throw new Error(`No matrix row for ${role} ${permission} ${ownership}`);
  return row;
};
function expected(row: MatrixRow, endpoint: Endpoint): number {
  const route = row.permission === 'change-role:user' ? 'update:user' : row.permission;
  const chain = [find(row.role, route, 'no-object')];
  if (endpoint.object) {
    chain.push(find(row.role, route, row.ownership));
    for (const p of endpoint.also ?? []) chain.push(find(row.role, p, row.ownership));
  }
  const denial = chain.find((r) => r.decision !== 'allowed');
  return denial ? STATUS[denial.decision as keyof typeof STATUS] : endpoint.ok;
}
const cases = rows.filter((row) => {
  const endpoint = ENDPOINTS[row.permission];
  return endpoint?.object ? row.ownership !== 'no-object' : row.ownership === 'no-object';
});

it('has an endpoint for every permission of the policy table', () => {
  expect(rows.map((r) => r.permission).filter((p) => !ENDPOINTS[p])).toEqual([]);
  expect(cases.length).toBeGreaterThan(100);
});

const targets: Array<[TestDatabaseKind, ServiceName[], 'fastify' | 'express']> = [
  ['postgres', ['postgres'], 'fastify'],
  ['sqlite', [], 'express'],
];

for (const [kind, needs, adapter] of targets) {
  describeWithServices(needs, `permission matrix: ${adapter} on ${kind}`, () => {
    let t: TestServer;
    let admin: Account;
    const accounts = new Map<Role, Account>();
    let customer: Account;
    let product: { id: string };
    const guestOrders: string[] = [];

    beforeAll(async () => {
      t = await startTestServer(kind, adapter);
      admin = await adminAccount(t);
      accounts.set('admin', admin);
      product = await newProduct(t, admin, { stock: 100_000 });
      accounts.set('manager', await newAccount(t, admin, 'manager'));
      accounts.set('user', await newAccount(t, admin, 'user'));
      // A guest may not order: its own order is placed while it is still a user.
      accounts.set(
        'guest',
        await newAccount(
          t,
          admin,
          'guest',
          async (a) => void guestOrders.push(await newOrder(t, a, product.id)),
        ),
      );
      customer = await newAccount(t, admin, 'user');
    });
    afterAll(async () => {
      await t?.stop();
    });

    async function orderIn(owner: Account, state: OrderState): Promise<string> {
      if (owner.role === 'guest') return guestOrders[0] as string;
      const id = await newOrder(t, owner, product.id);
      if (state === 'pending') return id;
      const pay = await t.call('POST', `/api/v1/orders/${id}/pay`, {
        token: owner.token,
        body: { payment_token: 'tok_success' },
      });
      expect(pay.status).toBe(200);
      if (state === 'paid') return id;
      const ship = await t.call('POST', `/api/v1/orders/${id}/ship`, {
        token: admin.token,
        body: { tracking_number: 'T' },
      });
      expect(ship.status).toBe(200);
      return id;
    }

    /** The object a row is about, and the subject acting on it. */
    async function arrange(
      row: MatrixRow,
      endpoint: Endpoint,
      subject: Subject,
    ): Promise<{ id?: string; subject: Subject }> {
      if (!endpoint.object) return { subject };
      const allowed = expected(row, endpoint) === endpoint.ok;
      const state = endpoint.object.state ?? 'pending';
      if (row.resource === 'product') {
        return {
          id: endpoint.object.destructive && allowed ? (await newProduct(t, admin)).id : product.id,
          subject,
        };
      }
      if (row.resource === 'user') {
        if (row.ownership === 'other') {
          return {
            id:
              // A role change ends the target's access tokens: give it a throwaway account too.
              (endpoint.object.destructive || endpoint.also) && allowed
                ? (await newAccount(t, admin, 'user')).id
                : customer.id,
            subject,
          };
        }
        // Deleting itself, or giving itself another role, uses a throwaway account of the role.
        const own =
          allowed && (endpoint.object.destructive || endpoint.also) && subject.role
            ? await newAccount(t, admin, subject.role)
            : (subject.account as Account);
        return { id: own.id, subject: { role: subject.role, account: own } };
      }
      const owner = row.ownership === 'own' ? (subject.account as Account) : customer;
      return { id: await orderIn(owner, state), subject };
    }

    for (const row of cases) {
      const endpoint = ENDPOINTS[row.permission] as Endpoint;
      const status = expected(row, endpoint);
      const who = row.role ?? 'anonymous';
      const on = endpoint.object
        ? ` on ${row.ownership === 'own' ? 'its own' : 'another’s'} ${row.resource}`
        : '';
      it(`${who}: ${row.permission}${on} → ${status} (${endpoint.method} ${endpoint.path})`, async () => {
        const base: Subject = {
          role: row.role as Role | null,
          account: row.role ? (accounts.get(row.role as Role) ?? null) : null,
        };
        const { id, subject } = await arrange(row, endpoint, base);
        let body = endpoint.body?.(subject);
        if (row.permission === 'create:order') body = { items: [{ product_id: product.id, quantity: 1 }] };
        // Exports answer CSV: read the body as text, whatever it is.
        const headers: Record<string, string> = {};
        if (subject.account) headers.authorization = `Bearer ${subject.account.token}`;
        if (body !== undefined) headers['content-type'] = 'application/json';
        const response = await fetch(`${t.server.url}${endpoint.path.replace(':id', id ?? '')}`, {
          method: endpoint.method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const res = { status: response.status, body: await response.text() };
        expect(res.status, res.body).toBe(status);
      });
    }
  });
}
