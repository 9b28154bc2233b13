import { randomUUID } from 'node:crypto';
import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { describeWithServices } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Account, adminAccount, newAccount, newOrder, newProduct } from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';
import { CASES, type Caller, type Case, describeCase, REQUESTS, type Request } from './permission-table.js';

// The permission table of permission-table.ts, typed by hand from the spec, played against the real
// server over HTTP: every endpoint × caller (anonymous and each role) × object (its own, another
// user's, none) → the status the table says. One server per database; objects a request changes for
// good are made for each case, and orders are put in the state the row names.

const targets: Array<[TestDatabaseKind, ServiceName[], 'fastify' | 'express']> = [
  ['postgres', ['postgres'], 'fastify'],
  ['mysql', ['mysql'], 'express'],
  ['sqlite', [], 'fastify'],
];

type OrderState = 'pending' | 'paid' | 'shipped';
const ORDER_STATES: readonly string[] = ['pending', 'paid', 'shipped'] satisfies OrderState[];

for (const [kind, needs, adapter] of targets) {
  describeWithServices(needs, `permission table: ${adapter} on ${kind}`, () => {
    let t: TestServer;
    let admin: Account;
    /** Owns the "other" users' objects: a plain User with an order. */
    let customer: Account;
    let productId: string;
    const accounts = new Map<Exclude<Caller, 'anonymous'>, Account>();
    const guestOrders = new Map<OrderState, string>();

    async function pay(owner: Account, id: string): Promise<string> {
      const res = await t.call('POST', `/api/v1/orders/${id}/pay`, {
        token: owner.token,
        body: { payment_token: 'tok_success' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return id;
    }

    async function ship(id: string): Promise<string> {
      const res = await t.call('POST', `/api/v1/orders/${id}/ship`, {
        token: admin.token,
        body: { tracking_number: 'TRK-SETUP' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return id;
    }

    /** A new order of `owner` in `state`. */
    async function orderIn(owner: Account, state: OrderState): Promise<string> {
      const id = await newOrder(t, owner, productId);
      if (state === 'pending') return id;
      await pay(owner, id);
      return state === 'paid' ? id : ship(id);
    }

    const placeOrder = async (account: Account) => void (await newOrder(t, account, productId));

    beforeAll(async () => {
      t = await startTestServer(kind, adapter);
      admin = await adminAccount(t);
      accounts.set('admin', admin);
      productId = (await newProduct(t, admin, { stock: 100_000 })).id;
      accounts.set('manager', await newAccount(t, admin, 'manager'));
      accounts.set('user', await newAccount(t, admin, 'user'));
      // A Guest may not order: its orders are placed, and paid, while it is still a User.
      const guest = await newAccount(t, admin, 'guest', async (asUser) => {
        guestOrders.set('pending', await orderIn(asUser, 'pending'));
        guestOrders.set('paid', await orderIn(asUser, 'paid'));
        guestOrders.set('shipped', await orderIn(asUser, 'paid'));
      });
      await ship(guestOrders.get('shipped') as string);
      accounts.set('guest', guest);
      customer = await newAccount(t, admin, 'user', placeOrder);
    });
    afterAll(async () => {
      await t?.stop();
    });

    /** The object a case is about (its id) and who sends the request (`null`: nobody signed in). */
    async function arrange(c: Case, request: Request): Promise<{ id?: string; account: Account | null }> {
      const caller = c.caller === 'anonymous' ? null : (accounts.get(c.caller) as Account);
      if (request.resource === 'user') {
        const withOrders = c.state === 'has orders' ? placeOrder : undefined;
        if (c.object === 'own') {
          // Deleting itself or changing its own role: a new account of the caller's role does it.
          const self = request.destructive
            ? await newAccount(t, admin, (caller as Account).role, withOrders)
            : (caller as Account);
          return { id: self.id, account: self };
        }
        const target = request.destructive ? await newAccount(t, admin, 'user', withOrders) : customer;
        return { id: target.id, account: caller };
      }
      if (request.resource === 'product') {
        if (c.state === 'in an order') {
          const product = await newProduct(t, admin);
          await newOrder(t, customer, product.id);
          return { id: product.id, account: caller };
        }
        return { id: request.destructive ? (await newProduct(t, admin)).id : productId, account: caller };
      }
      if (request.resource === 'order') {
        if (c.state === 'missing') return { id: randomUUID(), account: caller };
        if (!ORDER_STATES.includes(c.state)) throw new Error(`An order row needs a status: ${c.state}`);
        const state = c.state as OrderState;
        // A Guest's orders were placed in setup; it may not act on them, so they never change.
        if (c.object === 'own' && c.caller === 'guest')
          return { id: guestOrders.get(state), account: caller };
        const owner = c.object === 'own' ? (caller as Account) : customer;
        return { id: await orderIn(owner, state), account: caller };
      }
      return { account: caller };
    }

    for (const c of CASES) {
      it(describeCase(c), async () => {
        const request: Request = REQUESTS[c.request];
        const { id, account } = await arrange(c, request);
        if (request.path.includes(':id') && id === undefined) throw new Error('No object for :id');
        const body = request.body?.({ caller: c.caller, productId });
        const headers: Record<string, string> = {};
        if (account) headers.authorization = `Bearer ${account.token}`;
        if (body !== undefined) headers['content-type'] = 'application/json';
        const response = await fetch(`${t.server.url}${request.path.replace(':id', id ?? '')}`, {
          method: request.method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        // Exports answer CSV: read every body as text.
        const text = await response.text();
        expect(response.status, text.slice(0, 500)).toBe(c.status);
      });
    }

    it('answers a User the same for another user’s order as for a missing one', async () => {
      const user = accounts.get('user') as Account;
      const others = await orderIn(customer, 'pending');
      for (const path of ['', '/pay', '/cancel']) {
        const method = path === '' ? 'GET' : 'POST';
        const body = path === '/pay' ? { payment_token: 'tok_success' } : undefined;
        const hidden = await t.call(method, `/api/v1/orders/${others}${path}`, { token: user.token, body });
        const missing = await t.call(method, `/api/v1/orders/${randomUUID()}${path}`, {
          token: user.token,
          body,
        });
        expect([path, hidden.status, hidden.body]).toEqual([path, missing.status, missing.body]);
      }
    });
  });
}
