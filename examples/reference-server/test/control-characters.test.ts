import { randomUUID } from 'node:crypto';
import type { TrussDatabase } from '@truss/repos';
import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { describeWithServices } from '@truss/testing';
import { createTestPaymentProvider } from '@truss/testing/payments';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type Account,
  adminAccount,
  count,
  inspect,
  newAccount,
  newOrder,
  newProduct,
} from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

// Issue 11: a NUL character in stored text made PostgreSQL answer 500 and SQLite store it. Control
// characters are refused with 422 validation_error on every database (tabs and newlines only where
// text may span lines: a product description).
const targets: Array<[TestDatabaseKind, ServiceName[], 'fastify' | 'express']> = [
  ['postgres', ['postgres'], 'fastify'],
  ['mysql', ['mysql'], 'express'],
  ['sqlite', [], 'express'],
];

const BAD = ['a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u007fb', 'a\u0085b'];

for (const [kind, needs, adapter] of targets)
  describeWithServices(needs, `control characters in stored text: ${adapter} on ${kind}`, () => {
    let t: TestServer;
    let db: TrussDatabase;
    let admin: Account;
    let alice: Account;

    beforeAll(async () => {
      t = await startTestServer(kind, adapter, {}, { payments: createTestPaymentProvider() });
      db = await inspect(t);
      admin = await adminAccount(t);
      alice = await newAccount(t, admin, 'user');
    });
    afterAll(async () => {
      await db?.destroy();
      await t?.stop();
    });

    const refused = (res: { status: number; body: { error?: string } }) => {
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.error).toBe('validation_error');
    };

    it('refuses them in registration names and user updates', async () => {
      const users = await count(db, 'users');
      for (const bad of BAD) {
        for (const field of ['first_name', 'last_name']) {
          refused(
            await t.call('POST', '/api/v1/auth/register', {
              body: {
                email: `c-${randomUUID()}@example.com`,
                password: 'a long enough test password',
                [field]: bad,
              },
            }),
          );
          refused(
            await t.call('PUT', `/api/v1/users/${alice.id}`, { token: admin.token, body: { [field]: bad } }),
          );
        }
      }
      refused(
        await t.call('PUT', `/api/v1/users/${alice.id}`, {
          token: admin.token,
          body: { last_name: 'tab\there' },
        }),
      );
      expect(await count(db, 'users')).toBe(users);
      const me = await t.call('GET', `/api/v1/users/${alice.id}`, { token: admin.token });
      expect(me.body.last_name).toBeNull();
    });

    it('refuses them in product names and descriptions, but lets a description span lines', async () => {
      const products = await count(db, 'products');
      for (const bad of BAD) {
        refused(
          await t.call('POST', '/api/v1/products', {
            token: admin.token,
            body: { name: bad, price: '1.00' },
          }),
        );
        refused(
          await t.call('POST', '/api/v1/products', {
            token: admin.token,
            body: { name: 'Fine', price: '1.00', description: bad },
          }),
        );
      }
      refused(
        await t.call('POST', '/api/v1/products', {
          token: admin.token,
          body: { name: 'Two\nlines', price: '1.00' },
        }),
      );
      expect(await count(db, 'products')).toBe(products);
      const product = await newProduct(t, admin, { description: 'Line one\n\tLine two\r\n' });
      expect(product.description).toBe('Line one\n\tLine two\r\n');
      const put = await t.call('PUT', `/api/v1/products/${product.id}`, {
        token: admin.token,
        headers: { 'if-match': `"${product.version}"` },
        body: { name: 'x\u0000y' },
      });
      refused(put);
      expect((await t.call('GET', `/api/v1/products/${product.id}`)).body.name).toBe('Widget');
    });

    it('refuses them in a tracking number', async () => {
      const product = await newProduct(t, admin);
      const id = await newOrder(t, alice, product.id);
      const paid = await t.call('POST', `/api/v1/orders/${id}/pay`, {
        token: alice.token,
        body: { payment_token: 'tok_success' },
      });
      expect(paid.status).toBe(200);
      for (const bad of BAD) {
        refused(
          await t.call('POST', `/api/v1/orders/${id}/ship`, {
            token: admin.token,
            body: { tracking_number: bad },
          }),
        );
      }
      const order = await t.call('GET', `/api/v1/orders/${id}`, { token: admin.token });
      expect(order.body).toMatchObject({ status: 'paid', tracking_number: null });
    });
  });
