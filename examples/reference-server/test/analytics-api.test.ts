import { DOMAIN_EVENTS } from '@truss/core';
import { createRepositories, type Repositories, type TrussDatabase } from '@truss/repos';
import { describeWithServices, type ServiceName, type TestDatabaseKind } from '@truss/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyticsConsumer } from '../src/consumers/index.js';
import { eventAbout } from './consumer-helpers.js';
import { type Account, adminAccount, inspect, newAccount, newProduct } from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

// GET /api/v1/analytics/sales over real HTTP: orders placed through the API, moved to chosen days
// in the database (the day is the order's creation day, UTC), their outbox events handed to the
// analytics consumer (one of them twice), and the report compared with the orders' own totals,
// summed here in integer cents.

const targets: Array<[TestDatabaseKind, ServiceName[], 'fastify' | 'express']> = [
  ['postgres', ['postgres'], 'fastify'],
  ['mysql', ['mysql'], 'express'],
  ['sqlite', [], 'express'],
];

const cents = (amount: string) => {
  const [units = '0', fraction = ''] = amount.split('.');
  return BigInt(units) * 100n + BigInt(fraction.padEnd(2, '0'));
};
const money = (value: bigint) => `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;

for (const [kind, needs, adapter] of targets) {
  describeWithServices(needs, `GET /api/v1/analytics/sales: ${adapter} on ${kind}`, () => {
    let t: TestServer;
    let db: TrussDatabase;
    let repositories: Repositories;
    let admin: Account;
    let manager: Account;
    let user: Account;
    let guest: Account;
    /** The orders placed, by the day they were moved to. */
    const placed = new Map<string, string[]>();

    /** Places an order of `lines` ([price, quantity]) as `user`, dated `day`; answers its total. */
    async function orderOn(
      day: string,
      lines: Array<[string, number]>,
    ): Promise<{ id: string; total: string }> {
      const items = [];
      for (const [price, quantity] of lines) {
        const product = await newProduct(t, admin, { price, stock: 1000 });
        items.push({ product_id: product.id, quantity });
      }
      const res = await t.call('POST', '/api/v1/orders', { token: user.token, body: { items } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const at = new Date(`${day}T${day.endsWith('1') ? '23:59:59.999' : '00:00:00.000'}Z`);
      await db.db
        .updateTable('orders')
        .set({ created_at: kind === 'sqlite' ? at.toISOString() : at })
        .where('id', '=', res.body.id)
        .execute();
      placed.set(day, [...(placed.get(day) ?? []), res.body.total]);
      return res.body;
    }

    const sales = (query: string, account: Account | null = manager) =>
      t.call('GET', `/api/v1/analytics/sales${query}`, account ? { token: account.token } : {});

    beforeAll(async () => {
      // No relay in the server: the test hands the outbox rows to the consumers itself.
      t = await startTestServer(kind, adapter, { WORKERS: 'off' });
      db = await inspect(t);
      repositories = createRepositories(db);
      admin = await adminAccount(t);
      manager = await newAccount(t, admin, 'manager');
      user = await newAccount(t, admin, 'user');
      guest = await newAccount(t, admin, 'guest');
      const orders = [
        await orderOn('2031-02-28', [['5.00', 1]]), // the day before the range
        await orderOn('2031-03-01', [['0.10', 3]]),
        await orderOn('2031-03-01', [
          ['19.99', 2],
          ['0.01', 7],
        ]),
        await orderOn('2031-03-01', [['1234.56', 1]]),
        await orderOn('2031-03-03', [['0.20', 1]]),
        await orderOn('2031-03-03', [['99999.99', 10]]),
        await orderOn('2031-03-05', [['0.07', 13]]),
        await orderOn('2031-03-06', [['1.00', 1]]), // the day after
      ];
      const analytics = createAnalyticsConsumer({ unitOfWork: repositories.unitOfWork });
      for (const order of orders) {
        await analytics.handle(await eventAbout(repositories, DOMAIN_EVENTS.orderCreated, order.id));
      }
      // A redelivery counts nothing.
      const again = orders[2] as { id: string };
      await analytics.handle(await eventAbout(repositories, DOMAIN_EVENTS.orderCreated, again.id));
    });
    afterAll(async () => {
      await db?.destroy();
      await t?.stop();
    });

    it('answers every day of the range with its orders and revenue to the cent, and the totals', async () => {
      const res = await sales('?from=2031-03-01&to=2031-03-05');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const expected = ['2031-03-01', '2031-03-02', '2031-03-03', '2031-03-04', '2031-03-05'].map((day) => {
        const totals = placed.get(day) ?? [];
        return { day, orders: totals.length, revenue: money(totals.reduce((sum, x) => sum + cents(x), 0n)) };
      });
      expect(res.body.days).toEqual(expected);
      // Computed by hand: 0.30 + 40.05 + 1234.56; 0.20 + 999999.90; 0.91.
      expect(res.body.days.map((d: { revenue: string }) => d.revenue)).toEqual([
        '1274.91',
        '0.00',
        '1000000.10',
        '0.00',
        '0.91',
      ]);
      expect(res.body).toMatchObject({
        from: '2031-03-01',
        to: '2031-03-05',
        total: { orders: 6, revenue: '1001275.92' },
      });
    });

    it('answers one day, and days with no orders as zeros', async () => {
      expect((await sales('?from=2031-02-28&to=2031-02-28')).body).toEqual({
        from: '2031-02-28',
        to: '2031-02-28',
        days: [{ day: '2031-02-28', orders: 1, revenue: '5.00' }],
        total: { orders: 1, revenue: '5.00' },
      });
      const empty = await sales('?from=2030-12-30&to=2031-01-02');
      expect(empty.body.days).toHaveLength(4);
      expect(empty.body.total).toEqual({ orders: 0, revenue: '0.00' });
      expect(empty.body.days.every((d: { orders: number }) => d.orders === 0)).toBe(true);
    });

    it('answers a full year (366 days) across a leap day', async () => {
      const res = await sales('?from=2031-03-06&to=2032-03-05');
      expect(res.status).toBe(200);
      expect(res.body.days).toHaveLength(366);
      expect(res.body.days.map((d: { day: string }) => d.day)).toContain('2032-02-29');
      expect(res.body.total).toEqual({ orders: 1, revenue: '1.00' });
    });

    it('lets Managers and Admins read it: 401 anonymous, 403 User and Guest', async () => {
      const query = '?from=2031-03-01&to=2031-03-05';
      expect((await sales(query, admin)).status).toBe(200);
      expect((await sales(query, manager)).status).toBe(200);
      for (const account of [user, guest]) {
        const res = await sales(query, account);
        expect([res.status, res.body.error]).toEqual([403, 'forbidden']);
      }
      const anonymous = await sales(query, null);
      expect([anonymous.status, anonymous.body.error]).toEqual([401, 'unauthorized']);
      // Authorization comes first: a User learns nothing about the query.
      expect((await sales('?from=nope', user)).status).toBe(403);
    });

    describe('refuses bad queries with 422 validation_error', () => {
      const bad: Array<[string, string]> = [
        ['no query', ''],
        ['no `to`', '?from=2031-03-01'],
        ['not a date', '?from=yesterday&to=2031-03-01'],
        ['no such day', '?from=2031-02-29&to=2031-03-01'],
        ['a time as well', '?from=2031-03-01T00:00:00Z&to=2031-03-02'],
        ['from after to', '?from=2031-03-05&to=2031-03-01'],
        ['367 days', '?from=2031-01-01&to=2032-01-02'],
        ['an unknown parameter', '?from=2031-03-01&to=2031-03-02&format=csv'],
      ];
      for (const [name, query] of bad) {
        it(name, async () => {
          const res = await sales(query);
          expect([res.status, res.body.error], JSON.stringify(res.body)).toEqual([422, 'validation_error']);
        });
      }
    });
  });
}
