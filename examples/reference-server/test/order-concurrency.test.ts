import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { describeWithServices } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type Account,
  adminAccount,
  count,
  inspect,
  newAccount,
  newProduct,
  outboxRows,
} from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

// 100 concurrent orders against a stock of 37: exactly 37 succeed, the others are 409, stock ends
// at 0 (never below), and every accepted order exists with its items and its order.created event —
// none lost, none oversold. PostgreSQL is the target; MariaDB and SQLite run it too.
const targets: Array<[TestDatabaseKind, ServiceName[]]> = [
  ['postgres', ['postgres']],
  ['mysql', ['mysql']],
  ['sqlite', []],
];

for (const [kind, needs] of targets)
  describeWithServices(needs, `orders under concurrency: ${kind}`, () => {
    let t: TestServer;
    let admin: Account;
    const buyers: Account[] = [];

    beforeAll(async () => {
      t = await startTestServer(kind, 'fastify');
      admin = await adminAccount(t);
      for (let i = 0; i < 4; i++) buyers.push(await newAccount(t, admin, 'user'));
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('never oversells and never loses an order', async () => {
      const STOCK = 37;
      const scarce = await newProduct(t, admin, { price: '19.99', stock: STOCK });
      const plenty = await newProduct(t, admin, { price: '0.01', stock: 100_000 });
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          t.call('POST', '/api/v1/orders', {
            token: (buyers[i % buyers.length] as Account).token,
            // Two lines, in either order: rows are locked in one order, so no deadlock.
            body: {
              items:
                i % 2 === 0
                  ? [
                      { product_id: scarce.id, quantity: 1 },
                      { product_id: plenty.id, quantity: 2 },
                    ]
                  : [
                      { product_id: plenty.id, quantity: 2 },
                      { product_id: scarce.id, quantity: 1 },
                    ],
            },
          }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(STOCK);
      expect(statuses.filter((s) => s === 409)).toHaveLength(100 - STOCK);
      const accepted = results.filter((r) => r.status === 201).map((r) => r.body.id as string);
      expect(results.filter((r) => r.status === 201).every((r) => r.body.total === '20.01')).toBe(true);

      expect((await t.call('GET', `/api/v1/products/${scarce.id}`)).body.stock).toBe(0);
      expect((await t.call('GET', `/api/v1/products/${plenty.id}`)).body.stock).toBe(100_000 - 2 * STOCK);
      const db = await inspect(t);
      try {
        expect(await count(db, 'orders')).toBe(STOCK);
        expect(await count(db, 'order_items')).toBe(2 * STOCK);
        const events = (await outboxRows(db, 'order.created')) as Array<{ id: string }>;
        expect(events.map((e) => e.id).sort()).toEqual([...accepted].sort());
      } finally {
        await db.destroy();
      }
      for (const id of accepted) {
        const order = await t.call('GET', `/api/v1/orders/${id}`, { token: admin.token });
        expect(order.body).toMatchObject({ status: 'pending', total: '20.01' });
      }
    });
  });
