import { randomUUID } from 'node:crypto';
import type { TrussDatabase } from '@truss/repos';
import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { describeWithServices } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Account, adminAccount, count, inspect, newAccount, newProduct } from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

// Issue 11: a retried `POST /api/v1/orders` with the same Idempotency-Key created a second order
// and took the stock twice. Every POST that creates something answers its first result again.
const targets: Array<[TestDatabaseKind, ServiceName[], 'fastify' | 'express']> = [
  ['postgres', ['postgres'], 'fastify'],
  ['mysql', ['mysql'], 'express'],
  ['sqlite', [], 'express'],
  ['sqlite', [], 'fastify'],
];

for (const [kind, needs, adapter] of targets)
  describeWithServices(needs, `Idempotency-Key: ${adapter} on ${kind}`, () => {
    let t: TestServer;
    let db: TrussDatabase;
    let admin: Account;
    let alice: Account;
    let bob: Account;

    beforeAll(async () => {
      t = await startTestServer(kind, adapter);
      db = await inspect(t);
      admin = await adminAccount(t);
      alice = await newAccount(t, admin, 'user');
      bob = await newAccount(t, admin, 'user');
    });
    afterAll(async () => {
      await db?.destroy();
      await t?.stop();
    });

    const order = (who: Account, key: string, items: unknown) =>
      t.call('POST', '/api/v1/orders', {
        token: who.token,
        headers: { 'idempotency-key': key },
        body: { items },
      });
    const stockOf = async (id: string) => (await t.call('GET', `/api/v1/products/${id}`)).body.stock;

    it('answers a retried order with the first result, and takes the stock once', async () => {
      const product = await newProduct(t, admin, { stock: 10 });
      const items = [{ product_id: product.id, quantity: 3 }];
      const before = await count(db, 'orders');
      const key = randomUUID();
      const first = await order(alice, key, items);
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const retry = await order(alice, key, items);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.headers.get('location')).toBe(first.headers.get('location'));
      expect(await stockOf(product.id)).toBe(7);
      expect(await count(db, 'orders')).toBe(before + 1);
      // The same key of another user is another key.
      const bobs = await order(bob, key, items);
      expect(bobs.status).toBe(201);
      expect(bobs.body.id).not.toBe(first.body.id);
      expect(await stockOf(product.id)).toBe(4);
    });

    it('answers 422 idempotency_key_reused for the same key with another body, and changes nothing', async () => {
      const product = await newProduct(t, admin, { stock: 10 });
      const key = randomUUID();
      expect((await order(alice, key, [{ product_id: product.id, quantity: 1 }])).status).toBe(201);
      const other = await order(alice, key, [{ product_id: product.id, quantity: 2 }]);
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ error: 'idempotency_key_reused' });
      expect(await stockOf(product.id)).toBe(9);
      // On another route too.
      const elsewhere = await t.call('POST', '/api/v1/products', {
        token: admin.token,
        headers: { 'idempotency-key': key },
        body: { name: 'Other', price: '1.00' },
      });
      expect(elsewhere.status).toBe(201); // admin's keys are not alice's
    });

    it('runs concurrent duplicates once: the others get the first answer or 409 idempotency_key_in_use', async () => {
      const product = await newProduct(t, admin, { stock: 100 });
      const key = randomUUID();
      const items = [{ product_id: product.id, quantity: 1 }];
      const answers = await Promise.all(Array.from({ length: 6 }, () => order(alice, key, items)));
      const created = answers.filter((a) => a.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
      for (const a of answers.filter((x) => x.status !== 201)) {
        expect(a.status).toBe(409);
        expect(a.body.error).toBe('idempotency_key_in_use');
        expect(a.headers.get('retry-after')).toBe('1');
      }
      expect(await stockOf(product.id)).toBe(99);
    });

    it('replays products, stock changes and registrations; a first 4xx answer is replayed too', async () => {
      const key = randomUUID();
      const body = { name: `Idem ${key}`, price: '2.50', stock: 5 };
      const post = () =>
        t.call('POST', '/api/v1/products', { token: admin.token, headers: { 'idempotency-key': key }, body });
      const a = await post();
      const b = await post();
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body.id).toBe(a.body.id);
      const delta = () =>
        t.call('POST', `/api/v1/products/${a.body.id}/stock`, {
          token: admin.token,
          headers: { 'idempotency-key': `stock-${key}` },
          body: { delta: 5 },
        });
      expect((await delta()).status).toBe(200);
      expect((await delta()).status).toBe(200);
      expect(await stockOf(a.body.id)).toBe(10);

      const email = `idem-${key}@example.com`;
      const register = () =>
        t.call('POST', '/api/v1/auth/register', {
          headers: { 'idempotency-key': key },
          body: { email, password: 'a long enough test password' },
        });
      const r1 = await register();
      const r2 = await register();
      expect([r1.status, r2.status]).toEqual([201, 201]); // not 409 "email taken"
      expect(r2.body.id).toBe(r1.body.id);

      // A refused first request (unknown product, 422) is answered again the same way.
      const k2 = randomUUID();
      const bad = [{ product_id: randomUUID(), quantity: 1 }];
      const e1 = await order(alice, k2, bad);
      const e2 = await order(alice, k2, bad);
      expect(e1.status).toBe(422);
      expect(e2.status).toBe(422);
      expect(e2.body).toEqual(e1.body);
    });

    it('forgets a key after 24 hours, and refuses a malformed key', async () => {
      const product = await newProduct(t, admin, { stock: 10 });
      const items = [{ product_id: product.id, quantity: 1 }];
      const key = randomUUID();
      const first = await order(alice, key, items);
      const row = await db.db
        .selectFrom('idempotency_keys')
        .select(['expires_at'])
        .where('idempotency_key', '=', key)
        .executeTakeFirstOrThrow();
      const expires = new Date(row.expires_at).getTime();
      expect(Math.abs(expires - (Date.now() + 86_400_000))).toBeLessThan(60_000);
      // A day later: the key is free again and a new order is made.
      const past = new Date(Date.now() - 1000);
      await db.db
        .updateTable('idempotency_keys')
        .set({ expires_at: kind === 'sqlite' ? past.toISOString() : past })
        .where('idempotency_key', '=', key)
        .execute();
      const later = await order(alice, key, items);
      expect(later.status).toBe(201);
      expect(later.body.id).not.toBe(first.body.id);
      const malformed = await order(alice, 'has space', items);
      expect(malformed.status).toBe(422);
      expect(malformed.body.error).toBe('validation_error');
      expect(await stockOf(product.id)).toBe(8);
    });
  });
