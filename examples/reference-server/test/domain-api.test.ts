import type { TrussDatabase } from '@truss/repos';
import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { createTestPaymentProvider, describeWithServices, TEST_PAYMENT_TOKENS } from '@truss/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  adminAccount,
  count,
  inspect,
  login,
  newAccount,
  newOrder,
  newProduct,
  outboxRows,
  PASSWORD,
} from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

// Spec §4.1 users, products, orders, payments and exports, black-box over real HTTP. PostgreSQL on
// both adapters; SQLite and MariaDB on one each, to keep the run short.
const targets: Array<[TestDatabaseKind, ServiceName[], 'fastify' | 'express']> = [
  ['postgres', ['postgres'], 'fastify'],
  ['postgres', ['postgres'], 'express'],
  ['sqlite', [], 'fastify'],
  ['mysql', ['mysql'], 'express'],
];

const UUID = /^[0-9a-f-]{36}$/;
const NOT_A_UUID = 'not-a-uuid';
const MISSING = '00000000-0000-4000-8000-000000000000';

for (const [kind, needs, adapter] of targets) {
  describeWithServices(needs, `domain API: ${adapter} on ${kind}`, () => {
    let t: TestServer;
    let db: TrussDatabase;
    const payments = createTestPaymentProvider();
    let admin: Account;
    let manager: Account;
    let alice: Account;
    let bob: Account;

    beforeAll(async () => {
      t = await startTestServer(kind, adapter, {}, { payments, paymentTimeoutMs: 200 });
      db = await inspect(t);
      admin = await adminAccount(t);
      manager = await newAccount(t, admin, 'manager');
      alice = await newAccount(t, admin, 'user');
      bob = await newAccount(t, admin, 'user');
    });
    afterAll(async () => {
      await db?.destroy();
      await t?.stop();
    });

    describe('users (spec §4.1)', () => {
      it('GET /api/v1/users: Admin lists with a cursor, filters by role and email prefix, sorts', async () => {
        expect((await t.call('GET', '/api/v1/users', { token: alice.token })).status).toBe(403);
        expect((await t.call('GET', '/api/v1/users', { token: manager.token })).status).toBe(403);
        expect((await t.call('GET', '/api/v1/users')).status).toBe(401);
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
          const page = await t.call('GET', `/api/v1/users?limit=2&sort=created_at${query}`, {
            token: admin.token,
          });
          expect(page.status).toBe(200);
          expect(page.body.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.body.items.map((u: { id: string }) => u.id));
          cursor = page.body.nextCursor;
        } while (cursor);
        expect(seen.slice(0, 4)).toEqual([admin.id, manager.id, alice.id, bob.id]);
        expect(new Set(seen).size).toBe(seen.length);
        const managers = await t.call('GET', '/api/v1/users?role=manager', { token: admin.token });
        expect(managers.body.items.map((u: { id: string }) => u.id)).toEqual([manager.id]);
        const byEmail = await t.call(
          'GET',
          `/api/v1/users?email=${encodeURIComponent(alice.email.toUpperCase())}`,
          {
            token: admin.token,
          },
        );
        expect(byEmail.body.items).toEqual([
          expect.objectContaining({ id: alice.id, email: alice.email, role: 'user' }),
        ]);
        expect((await t.call('GET', '/api/v1/users?role=Admin', { token: admin.token })).status).toBe(422);
        expect((await t.call('GET', '/api/v1/users?limit=1000', { token: admin.token })).status).toBe(422);
        expect((await t.call('GET', '/api/v1/users?cursor=forged', { token: admin.token })).status).toBe(422);
        expect(JSON.stringify(managers.body)).not.toMatch(/password|argon2|version/);
      });

      it('GET /api/v1/users/:id: any signed-in user; another user’s email only for Managers and Admins', async () => {
        const other = await t.call('GET', `/api/v1/users/${bob.id}`, { token: alice.token });
        expect(other.status).toBe(200);
        expect(other.body).toEqual({
          id: bob.id,
          first_name: null,
          last_name: null,
          role: 'user',
          created_at: expect.any(String),
          updated_at: expect.any(String),
        });
        const own = await t.call('GET', `/api/v1/users/${alice.id}`, { token: alice.token });
        expect(own.body).toMatchObject({ id: alice.id, email: alice.email });
        expect(own.headers.get('etag')).toMatch(/^"\d+"$/);
        expect((await t.call('GET', `/api/v1/users/${bob.id}`, { token: manager.token })).body.email).toBe(
          bob.email,
        );
        expect((await t.call('GET', `/api/v1/users/${bob.id}`)).status).toBe(401);
        expect((await t.call('GET', `/api/v1/users/${NOT_A_UUID}`, { token: admin.token })).status).toBe(404);
        expect((await t.call('GET', `/api/v1/users/${MISSING}`, { token: admin.token })).status).toBe(404);
        expect((await t.call('GET', '/api/v1/users/me', { token: alice.token })).body.id).toBe(alice.id);
      });

      it('PUT /api/v1/users/:id: the owner edits itself but never its role; an Admin edits anyone and sets roles', async () => {
        const own = await t.call('PUT', `/api/v1/users/${alice.id}`, {
          token: alice.token,
          body: { first_name: 'Alice', last_name: 'Liddell' },
        });
        expect(own.status).toBe(200);
        expect(own.body).toMatchObject({ first_name: 'Alice', last_name: 'Liddell', role: 'user' });
        const promote = await t.call('PUT', `/api/v1/users/${alice.id}`, {
          token: alice.token,
          body: { role: 'admin' },
        });
        expect(promote.status).toBe(403);
        expect(promote.body.error).toBe('forbidden');
        const other = await t.call('PUT', `/api/v1/users/${bob.id}`, {
          token: alice.token,
          body: { first_name: 'X' },
        });
        expect(other.status).toBe(403);
        expect(
          (
            await t.call('PUT', `/api/v1/users/${bob.id}`, {
              token: manager.token,
              body: { role: 'manager' },
            })
          ).status,
        ).toBe(403);
        const byAdmin = await t.call('PUT', `/api/v1/users/${bob.id}`, {
          token: admin.token,
          body: { role: 'guest' },
        });
        expect(byAdmin.status).toBe(200);
        expect(byAdmin.body.role).toBe('guest');
        const back = await t.call('PUT', `/api/v1/users/${bob.id}`, {
          token: admin.token,
          body: { role: 'user' },
        });
        expect(back.body.role).toBe('user');
        // A role change ends the user's current access tokens; a new login carries the new role.
        expect((await t.call('GET', '/api/v1/users/me', { token: bob.token })).body.error).toBe(
          'invalid_token',
        );
        bob = { ...bob, token: await login(t, bob.email, PASSWORD) };
        expect((await t.call('GET', '/api/v1/users/me', { token: bob.token })).body.role).toBe('user');
        const fresh = await t.call('GET', `/api/v1/users/${alice.id}`, { token: alice.token });
        expect(fresh.body).toMatchObject({ role: 'user', first_name: 'Alice' });
        const audit = await db.db
          .selectFrom('audit_log')
          .selectAll()
          .where('action', '=', 'user.role_changed')
          .execute();
        expect(audit.filter((a) => a.target_id === bob.id)).toHaveLength(2);
      });

      it('PUT rejects bad input (422), unknown fields, upper-case roles, and a stale If-Match (409)', async () => {
        const put = (body: unknown, headers: Record<string, string> = {}) =>
          t.call('PUT', `/api/v1/users/${bob.id}`, { token: admin.token, body, headers });
        expect((await put({ role: 'Admin' })).status).toBe(422);
        expect((await put({ password_hash: 'x' })).status).toBe(422);
        expect((await put({})).status).toBe(422);
        expect((await put({ email: 'not an email' })).status).toBe(422);
        expect((await put({ email: alice.email })).status).toBe(409);
        const current = await t.call('GET', `/api/v1/users/${bob.id}`, { token: admin.token });
        const tag = current.headers.get('etag') as string;
        expect((await put({ first_name: 'Bob' }, { 'if-match': tag })).status).toBe(200);
        const stale = await put({ first_name: 'Robert' }, { 'if-match': tag });
        expect(stale.status).toBe(409);
        expect(stale.body.error).toBe('conflict');
        expect((await t.call('GET', `/api/v1/users/${bob.id}`, { token: admin.token })).body.first_name).toBe(
          'Bob',
        );
        expect((await put({ first_name: 'Bob' }, { 'if-match': 'nonsense' })).status).toBe(422);
      });

      it('DELETE /api/v1/users/:id: Admin only; 409 while the user has orders', async () => {
        const doomed = await newAccount(t, admin, 'user');
        expect((await t.call('DELETE', `/api/v1/users/${doomed.id}`, { token: doomed.token })).status).toBe(
          403,
        );
        expect((await t.call('DELETE', `/api/v1/users/${doomed.id}`, { token: manager.token })).status).toBe(
          403,
        );
        expect((await t.call('DELETE', `/api/v1/users/${doomed.id}`, { token: admin.token })).status).toBe(
          204,
        );
        expect((await t.call('GET', `/api/v1/users/${doomed.id}`, { token: admin.token })).status).toBe(404);
        expect((await t.call('DELETE', `/api/v1/users/${doomed.id}`, { token: admin.token })).status).toBe(
          404,
        );
        const buyer = await newAccount(t, admin, 'user');
        const product = await newProduct(t, manager);
        await newOrder(t, buyer, product.id);
        expect((await t.call('DELETE', `/api/v1/users/${buyer.id}`, { token: admin.token })).status).toBe(
          409,
        );
      });

      it('writes user.created with {id} (no personal data) in the same transaction as the registration', async () => {
        const rows = (await outboxRows(db, 'user.created')) as Array<{ id: string }>;
        expect(rows.find((r) => r.id === alice.id)).toEqual({ id: alice.id });
        expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([admin.id, manager.id, bob.id]));
      });
    });

    describe('products', () => {
      it('anyone reads; a Manager or Admin creates, updates (versioned), adjusts stock and deletes', async () => {
        expect(
          (
            await t.call('POST', '/api/v1/products', {
              token: alice.token,
              body: { name: 'N', price: '1.00' },
            })
          ).status,
        ).toBe(403);
        expect(
          (await t.call('POST', '/api/v1/products', { body: { name: 'N', price: '1.00' } })).status,
        ).toBe(401);
        const product = await newProduct(t, manager, {
          name: 'Pen',
          price: '1.15',
          stock: 3,
          description: 'Blue',
        });
        expect(product).toMatchObject({
          id: expect.stringMatching(UUID),
          price: '1.15',
          stock: 3,
          version: 1,
        });
        expect((await t.call('GET', `/api/v1/products/${product.id}`)).body).toEqual(product);
        const list = await t.call('GET', '/api/v1/products?min_price=1.15&max_price=1.15&in_stock=true');
        expect(list.status).toBe(200);
        expect(list.body.items.map((p: { id: string }) => p.id)).toContain(product.id);
        const named = await t.call(
          'GET',
          `/api/v1/products?q=${encodeURIComponent(' pEN ')}&min_price=1.15&max_price=1.15`,
        );
        expect(named.body.items.map((p: { id: string }) => p.id)).toEqual([product.id]);
        expect(
          (await t.call('GET', '/api/v1/products?q=pencil&min_price=1.15&max_price=1.15')).body.items,
        ).toEqual([]);
        for (const q of ['', '%20', 'a%00b', 'x'.repeat(101)]) {
          const bad = await t.call('GET', `/api/v1/products?q=${q}`);
          expect(bad.status, q).toBe(422);
          expect(bad.body.error).toBe('validation_error');
        }
        const updated = await t.call('PUT', `/api/v1/products/${product.id}`, {
          token: admin.token,
          body: { price: '1.25', version: 1 },
        });
        expect(updated.body).toMatchObject({ price: '1.25', version: 2 });
        const stale = await t.call('PUT', `/api/v1/products/${product.id}`, {
          token: manager.token,
          body: { price: '2', version: 1 },
        });
        expect(stale.status).toBe(409);
        expect(
          (
            await t.call('PUT', `/api/v1/products/${product.id}`, {
              token: manager.token,
              body: { price: '-1' },
            })
          ).status,
        ).toBe(422);
        expect(
          (
            await t.call('PUT', `/api/v1/products/${product.id}`, {
              token: manager.token,
              body: { id: MISSING },
            })
          ).status,
        ).toBe(422);
        const restock = await t.call('POST', `/api/v1/products/${product.id}/stock`, {
          token: manager.token,
          body: { delta: 7 },
        });
        expect(restock.body.stock).toBe(10);
        const tooMuch = await t.call('POST', `/api/v1/products/${product.id}/stock`, {
          token: manager.token,
          body: { delta: -11 },
        });
        expect(tooMuch.status).toBe(409);
        expect(
          (
            await t.call('POST', `/api/v1/products/${product.id}/stock`, {
              token: alice.token,
              body: { delta: 1 },
            })
          ).status,
        ).toBe(403);
        expect(
          (await t.call('DELETE', `/api/v1/products/${product.id}`, { token: alice.token })).status,
        ).toBe(403);
        expect(
          (await t.call('DELETE', `/api/v1/products/${product.id}`, { token: manager.token })).status,
        ).toBe(204);
        expect((await t.call('GET', `/api/v1/products/${product.id}`)).status).toBe(404);
        expect((await t.call('GET', `/api/v1/products/${NOT_A_UUID}`)).status).toBe(404);
      });

      it('refuses to delete a product that is part of an order (409)', async () => {
        const product = await newProduct(t, manager);
        await newOrder(t, alice, product.id);
        expect(
          (await t.call('DELETE', `/api/v1/products/${product.id}`, { token: admin.token })).status,
        ).toBe(409);
      });
    });

    describe('orders', () => {
      it('creates from items: stock taken, total from current prices, order.created in the outbox', async () => {
        const a = await newProduct(t, manager, { price: '0.10', stock: 5 });
        const b = await newProduct(t, manager, { price: '0.20', stock: 5 });
        const res = await t.call('POST', '/api/v1/orders', {
          token: alice.token,
          body: {
            items: [
              { product_id: a.id, quantity: 3 },
              { product_id: b.id, quantity: 1 },
            ],
          },
        });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          user_id: alice.id,
          status: 'pending',
          total: '0.50',
          tracking_number: null,
        });
        expect(res.headers.get('location')).toBe(`/api/v1/orders/${res.body.id}`);
        expect((await t.call('GET', `/api/v1/products/${a.id}`)).body.stock).toBe(2);
        expect((await t.call('GET', `/api/v1/products/${b.id}`)).body.stock).toBe(4);
        const events = (await outboxRows(db, 'order.created')) as Array<{ id: string }>;
        const [a1, b1] = [a.id, b.id].sort();
        const byId = Object.fromEntries([
          [a.id, '0.10'],
          [b.id, '0.20'],
        ]);
        const qty = Object.fromEntries([
          [a.id, 3],
          [b.id, 1],
        ]);
        expect(events.find((e) => e.id === res.body.id)).toEqual({
          id: res.body.id,
          userId: alice.id,
          total: '0.50',
          items: [a1, b1].map((productId) => ({
            productId,
            quantity: qty[productId as string],
            unitPrice: byId[productId as string],
          })),
        });
      });

      it('a User sees only its own orders (another’s is 404); a Manager sees all, filtered and sorted', async () => {
        const product = await newProduct(t, manager);
        const mine = await newOrder(t, alice, product.id);
        const theirs = await newOrder(t, bob, product.id);
        const list = await t.call('GET', '/api/v1/orders?limit=100', { token: alice.token });
        expect(list.status).toBe(200);
        expect(list.body.items.every((o: { user_id: string }) => o.user_id === alice.id)).toBe(true);
        expect(list.body.items.map((o: { id: string }) => o.id)).toContain(mine);
        expect(
          (await t.call('GET', `/api/v1/orders?user_id=${bob.id}`, { token: alice.token })).body.items,
        ).toEqual([]);
        expect((await t.call('GET', `/api/v1/orders/${theirs}`, { token: alice.token })).status).toBe(404);
        expect((await t.call('GET', `/api/v1/orders/${theirs}`, { token: manager.token })).status).toBe(200);
        const bobs = await t.call('GET', `/api/v1/orders?user_id=${bob.id}&status=pending&sort=created_at`, {
          token: manager.token,
        });
        expect(bobs.body.items.map((o: { id: string }) => o.id)).toContain(theirs);
        expect(bobs.body.items.every((o: { user_id: string }) => o.user_id === bob.id)).toBe(true);
        const page = await t.call('GET', '/api/v1/orders?limit=1', { token: manager.token });
        expect(page.body.items).toHaveLength(1);
        expect(page.body.nextCursor).toEqual(expect.any(String));
        expect((await t.call('GET', '/api/v1/orders?status=lost', { token: manager.token })).status).toBe(
          422,
        );
      });

      it('moves pending → paid → shipped → delivered; order.shipped carries the tracking number', async () => {
        const product = await newProduct(t, manager, { price: '12.50' });
        const id = await newOrder(t, alice, product.id, 2);
        expect(
          (
            await t.call('POST', `/api/v1/orders/${id}/pay`, {
              token: manager.token,
              body: { payment_token: 'tok_success' },
            })
          ).status,
        ).toBe(403);
        expect(
          (
            await t.call('POST', `/api/v1/orders/${id}/pay`, {
              token: bob.token,
              body: { payment_token: 'tok_success' },
            })
          ).status,
        ).toBe(404);
        const paid = await t.call('POST', `/api/v1/orders/${id}/pay`, {
          token: alice.token,
          body: { payment_token: 'tok_success' },
        });
        expect(paid.status).toBe(200);
        expect(paid.body.status).toBe('paid');
        expect(
          (
            await t.call('POST', `/api/v1/orders/${id}/ship`, {
              token: alice.token,
              body: { tracking_number: 'T' },
            })
          ).status,
        ).toBe(403);
        expect(
          (await t.call('POST', `/api/v1/orders/${id}/ship`, { token: manager.token, body: {} })).status,
        ).toBe(422);
        const shipped = await t.call('POST', `/api/v1/orders/${id}/ship`, {
          token: manager.token,
          body: { tracking_number: 'TRK-42' },
        });
        expect(shipped.body).toMatchObject({ status: 'shipped', tracking_number: 'TRK-42' });
        expect(await outboxRows(db, 'order.shipped')).toContainEqual({ id, trackingNumber: 'TRK-42' });
        const delivered = await t.call('POST', `/api/v1/orders/${id}/deliver`, { token: admin.token });
        expect(delivered.body.status).toBe('delivered');
        expect(payments.succeededFor(id).map((c) => c.amount)).toEqual(['25.00']);
      });

      it('answers 409 conflict for every illegal transition and changes nothing', async () => {
        const product = await newProduct(t, manager);
        const pending = await newOrder(t, alice, product.id);
        const post = (id: string, action: string, token: string, body: unknown = {}) =>
          t.call('POST', `/api/v1/orders/${id}/${action}`, { token, body });
        expect((await post(pending, 'ship', manager.token, { tracking_number: 'T' })).status).toBe(409);
        expect((await post(pending, 'deliver', manager.token)).status).toBe(409);
        expect((await post(pending, 'pay', alice.token, { payment_token: 'tok_success' })).status).toBe(200);
        const again = await post(pending, 'pay', alice.token, { payment_token: 'tok_success' });
        expect(again.status).toBe(409);
        expect(again.body).toMatchObject({ error: 'conflict' });
        expect((await post(pending, 'deliver', manager.token)).status).toBe(409);
        expect((await post(pending, 'ship', manager.token, { tracking_number: 'T' })).status).toBe(200);
        const late = await post(pending, 'cancel', alice.token);
        expect(late.status).toBe(409);
        expect(late.body.details).toEqual({ status: 'shipped', expected: 'pending or paid' });
        expect((await t.call('GET', `/api/v1/orders/${pending}`, { token: alice.token })).body.status).toBe(
          'shipped',
        );
        expect(payments.succeededFor(pending)).toHaveLength(1);
      });

      it('cancel (the owner, while pending) puts the items back in stock; a cancelled order stays cancelled', async () => {
        const product = await newProduct(t, manager, { stock: 5 });
        const id = await newOrder(t, alice, product.id, 4);
        expect((await t.call('GET', `/api/v1/products/${product.id}`)).body.stock).toBe(1);
        expect((await t.call('POST', `/api/v1/orders/${id}/cancel`, { token: manager.token })).status).toBe(
          403,
        );
        const cancelled = await t.call('POST', `/api/v1/orders/${id}/cancel`, { token: alice.token });
        expect(cancelled.body.status).toBe('cancelled');
        expect((await t.call('GET', `/api/v1/products/${product.id}`)).body.stock).toBe(5);
        expect((await t.call('POST', `/api/v1/orders/${id}/cancel`, { token: alice.token })).status).toBe(
          409,
        );
        expect(
          (
            await t.call('POST', `/api/v1/orders/${id}/pay`, {
              token: alice.token,
              body: { payment_token: 'tok_success' },
            })
          ).status,
        ).toBe(409);
        expect((await t.call('GET', `/api/v1/products/${product.id}`)).body.stock).toBe(5);
      });
    });

    describe('payments', () => {
      it('a decline is 402 and leaves the order pending; paying again with another card charges once', async () => {
        const product = await newProduct(t, manager, { price: '3.00' });
        const id = await newOrder(t, alice, product.id);
        const declined = await t.call('POST', `/api/v1/orders/${id}/pay`, {
          token: alice.token,
          body: { payment_token: TEST_PAYMENT_TOKENS.decline },
        });
        expect(declined.status).toBe(402);
        expect(declined.body.error).toBe('payment_declined');
        expect((await t.call('GET', `/api/v1/orders/${id}`, { token: alice.token })).body.status).toBe(
          'pending',
        );
        const paid = await t.call('POST', `/api/v1/orders/${id}/pay`, {
          token: alice.token,
          body: { payment_token: 'tok_success' },
        });
        expect(paid.body.status).toBe('paid');
        expect(payments.succeededFor(id)).toHaveLength(1);
        expect(payments.charges().filter((c) => c.orderId === id)).toHaveLength(2);
      });

      it('a timeout is 503 with Retry-After and the order pending; the retry settles the same charge, never a second', async () => {
        const product = await newProduct(t, manager, { price: '4.00' });
        const id = await newOrder(t, alice, product.id);
        const pay = () =>
          t.call('POST', `/api/v1/orders/${id}/pay`, {
            token: alice.token,
            body: { payment_token: TEST_PAYMENT_TOKENS.timeout },
          });
        const timedOut = await pay();
        expect(timedOut.status).toBe(503);
        expect(timedOut.headers.get('retry-after')).toBe('1');
        expect((await t.call('GET', `/api/v1/orders/${id}`, { token: alice.token })).body.status).toBe(
          'pending',
        );
        expect(payments.succeededFor(id)).toHaveLength(1); // the provider did charge: the order is not lost
        const retried = await pay();
        expect(retried.status).toBe(200);
        expect(retried.body.status).toBe('paid');
        expect((await pay()).status).toBe(409);
        expect(payments.succeededFor(id)).toHaveLength(1);
        expect(payments.charges().filter((c) => c.orderId === id)).toHaveLength(1);
      });

      it('cancelling a paid order (before it ships) refunds its charge once and restocks', async () => {
        const product = await newProduct(t, manager, { price: '7.25', stock: 3 });
        const id = await newOrder(t, alice, product.id, 2);
        const paid = await t.call('POST', `/api/v1/orders/${id}/pay`, {
          token: alice.token,
          body: { payment_token: 'tok_success' },
        });
        expect(paid.body.status).toBe('paid');
        expect(payments.succeededFor(id).map((c) => c.amount)).toEqual(['14.50']);
        expect((await t.call('POST', `/api/v1/orders/${id}/cancel`, { token: manager.token })).status).toBe(
          403,
        );
        const cancelled = await t.call('POST', `/api/v1/orders/${id}/cancel`, { token: alice.token });
        expect(cancelled.status).toBe(200);
        expect(cancelled.body.status).toBe('cancelled');
        expect(payments.succeededFor(id)).toHaveLength(0);
        expect(
          payments
            .charges()
            .filter((c) => c.orderId === id)
            .map((c) => c.refunded),
        ).toEqual([true]);
        expect((await t.call('GET', `/api/v1/products/${product.id}`)).body.stock).toBe(3);
        expect((await t.call('POST', `/api/v1/orders/${id}/cancel`, { token: alice.token })).status).toBe(
          409,
        );
      });

      it('cancelling an order whose payment timed out refunds the charge that went through', async () => {
        const product = await newProduct(t, manager, { price: '6.00' });
        const id = await newOrder(t, alice, product.id);
        const timedOut = await t.call('POST', `/api/v1/orders/${id}/pay`, {
          token: alice.token,
          body: { payment_token: TEST_PAYMENT_TOKENS.timeout },
        });
        expect(timedOut.status).toBe(503);
        expect(payments.succeededFor(id)).toHaveLength(1);
        const cancelled = await t.call('POST', `/api/v1/orders/${id}/cancel`, { token: alice.token });
        expect(cancelled.body.status).toBe('cancelled');
        expect(payments.succeededFor(id)).toHaveLength(0);
        expect(
          payments
            .charges()
            .filter((c) => c.orderId === id)
            .map((c) => c.refunded),
        ).toEqual([true]);
      });

      it('concurrent pay requests for one order charge it once', async () => {
        const product = await newProduct(t, manager, { price: '5.00' });
        const id = await newOrder(t, alice, product.id);
        const results = await Promise.all(
          Array.from({ length: 5 }, () =>
            t.call('POST', `/api/v1/orders/${id}/pay`, {
              token: alice.token,
              body: { payment_token: 'tok_success' },
            }),
          ),
        );
        expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
        expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
        expect(payments.succeededFor(id)).toHaveLength(1);
      });
    });

    describe('bad input changes nothing', () => {
      it('answers the documented 4xx for malformed, mistyped, negative, huge, unknown and non-UUID input', async () => {
        const product = await newProduct(t, manager, { stock: 5 });
        const before = { orders: await count(db, 'orders'), outbox: await count(db, 'outbox') };
        const order = (body: unknown) => t.call('POST', '/api/v1/orders', { token: alice.token, body });
        const cases: Array<[string, Promise<{ status: number; body: { error: string } }>, number, string]> = [
          [
            'malformed JSON',
            t.call('POST', '/api/v1/orders', { token: alice.token, raw: '{"items": [' }),
            400,
            'bad_request',
          ],
          [
            'not JSON',
            t.call('POST', '/api/v1/orders', {
              token: alice.token,
              raw: 'items=1',
              headers: { 'content-type': 'text/plain' },
            }),
            415,
            'unsupported_media_type',
          ],
          ['no body', t.call('POST', '/api/v1/orders', { token: alice.token }), 422, 'validation_error'],
          ['items not an array', order({ items: 'all' }), 422, 'validation_error'],
          [
            'quantity as a string',
            order({ items: [{ product_id: product.id, quantity: '2' }] }),
            422,
            'validation_error',
          ],
          [
            'fractional quantity',
            order({ items: [{ product_id: product.id, quantity: 1.5 }] }),
            422,
            'validation_error',
          ],
          [
            'negative quantity',
            order({ items: [{ product_id: product.id, quantity: -1 }] }),
            422,
            'validation_error',
          ],
          [
            'zero quantity',
            order({ items: [{ product_id: product.id, quantity: 0 }] }),
            422,
            'validation_error',
          ],
          [
            'huge quantity',
            order({ items: [{ product_id: product.id, quantity: 1e12 }] }),
            422,
            'validation_error',
          ],
          [
            'more than in stock',
            order({ items: [{ product_id: product.id, quantity: 6 }] }),
            409,
            'conflict',
          ],
          [
            'unknown product',
            order({ items: [{ product_id: MISSING, quantity: 1 }] }),
            422,
            'validation_error',
          ],
          [
            'non-UUID product',
            order({ items: [{ product_id: NOT_A_UUID, quantity: 1 }] }),
            422,
            'validation_error',
          ],
          ['no items', order({ items: [] }), 422, 'validation_error'],
          [
            'a client price',
            order({ items: [{ product_id: product.id, quantity: 1, unit_price: '0.01' }] }),
            422,
            'validation_error',
          ],
          [
            'a client total',
            order({ items: [{ product_id: product.id, quantity: 1 }], total: '0.01' }),
            422,
            'validation_error',
          ],
          [
            'one good line, one unknown',
            order({
              items: [
                { product_id: product.id, quantity: 1 },
                { product_id: MISSING, quantity: 1 },
              ],
            }),
            422,
            'validation_error',
          ],
          [
            'non-UUID order id',
            t.call('GET', `/api/v1/orders/${NOT_A_UUID}`, { token: alice.token }),
            404,
            'not_found',
          ],
          [
            'non-UUID order to pay',
            t.call('POST', `/api/v1/orders/${NOT_A_UUID}/pay`, {
              token: alice.token,
              body: { payment_token: 'tok_success' },
            }),
            404,
            'not_found',
          ],
          [
            'pay without a token',
            t.call('POST', `/api/v1/orders/${MISSING}/pay`, {
              token: alice.token,
              body: { payment_token: 7 },
            }),
            422,
            'validation_error',
          ],
        ];
        for (const [name, call, status, error] of cases) {
          const res = await call;
          expect([name, res.status, res.body?.error]).toEqual([name, status, error]);
        }
        expect((await t.call('GET', `/api/v1/products/${product.id}`)).body.stock).toBe(5);
        expect(await count(db, 'orders')).toBe(before.orders);
        expect(await count(db, 'outbox')).toBe(before.outbox);
      });
    });

    describe('exports', () => {
      it('streams orders (Manager, Admin) and users (Admin) as CSV and NDJSON, never a hash, formulas defused', async () => {
        const product = await newProduct(t, manager);
        const id = await newOrder(t, alice, product.id, 2);
        await t.call('PUT', `/api/v1/users/${bob.id}`, {
          token: admin.token,
          body: { first_name: '=HYPERLINK("x")', last_name: 'a,"b"' },
        });
        for (const path of ['/api/v1/export/orders', '/api/v1/export/users']) {
          expect((await t.call('GET', path, { token: alice.token })).status).toBe(403);
          expect((await t.call('GET', path)).status).toBe(401);
          expect((await t.call('GET', `${path}?format=xml`, { token: admin.token })).status).toBe(422);
        }
        // Listing users is the Admin's (spec §4.1), and an export lists them all.
        expect((await t.call('GET', '/api/v1/export/users', { token: manager.token })).status).toBe(403);
        const get = (path: string, token = manager.token) =>
          fetch(`${t.server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        const csv = await get('/api/v1/export/orders');
        expect(csv.status).toBe(200);
        expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
        expect(csv.headers.get('content-disposition')).toBe('attachment; filename="orders.csv"');
        const lines = (await csv.text()).split('\r\n');
        expect(lines[0]).toBe('id,user_id,status,total,item_count,tracking_number,created_at,updated_at');
        expect(lines.find((l) => l.startsWith(id))).toMatch(
          new RegExp(`^${id},${alice.id},pending,19.98,2,,`),
        );
        expect(lines.at(-1)).toBe('');
        expect(lines.length - 2).toBe(await count(db, 'orders'));
        const ndjson = await get('/api/v1/export/orders?format=ndjson');
        expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson');
        const orders = (await ndjson.text())
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
        expect(orders.find((o) => o.id === id)).toMatchObject({
          user_id: alice.id,
          total: '19.98',
          items: [{ product_id: product.id, quantity: 2 }],
        });
        const users = await (await get('/api/v1/export/users', admin.token)).text();
        expect(users).not.toMatch(/argon2|password/);
        expect(users).toContain(`${bob.id},${bob.email},"'=HYPERLINK(""x"")","a,""b""",user,`);
        const userLines = (await (await get('/api/v1/export/users?format=ndjson', admin.token)).text())
          .trim()
          .split('\n');
        expect(userLines.map((l) => JSON.parse(l).id)).toContain(alice.id);
      });
    });
  });
}
