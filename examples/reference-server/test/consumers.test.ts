import { rm } from 'node:fs/promises';
import { DOMAIN_EVENTS } from '@truss/core';
import { createFileMailer } from '@truss/mail';
import {
  createFieldCipher,
  createRepositories,
  type Repositories,
  SINGLE_KEY_ID,
  type TrussDatabase,
} from '@truss/repos';
import { describeWithServices, type ServiceName, type TestDatabaseKind } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type Consumer,
  createAnalyticsConsumer,
  createConsumers,
  createEmailConsumer,
  type DeliveredEvent,
} from '../src/consumers/index.js';
import { eventAbout, flakyMailer, mailFolder, mailsIn, recipientOf } from './consumer-helpers.js';
import { type Account, adminAccount, inspect, newAccount, newOrder, newProduct } from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

// The consumers of issue 9 on real databases, before the bus exists: users register and order
// through the real server over HTTP, the outbox rows it wrote are handed to each consumer as the
// bus will hand them (row id = event id), and every event is delivered at least twice.

const targets: Array<[TestDatabaseKind, ServiceName[], 'fastify' | 'express']> = [
  ['postgres', ['postgres'], 'fastify'],
  ['mysql', ['mysql'], 'express'],
  ['sqlite', [], 'fastify'],
];

for (const [kind, needs, adapter] of targets) {
  describeWithServices(needs, `consumers on ${kind}`, () => {
    let t: TestServer;
    let db: TrussDatabase;
    let repositories: Repositories;
    let admin: Account;
    let dir: string;
    let byName: Map<string, Consumer>;
    const THRESHOLD = 10;

    const consumer = (name: string) => byName.get(name) as Consumer;
    const processed = (name: string, event: DeliveredEvent) =>
      repositories.processedEvents.isProcessed(name, event.id);

    beforeAll(async () => {
      // No relay in the server: the test hands the outbox rows to the consumers itself.
      t = await startTestServer(kind, adapter, { WORKERS: 'off' });
      db = await inspect(t);
      // The server's key ring: its users' emails and names are sealed at rest.
      const cipher = createFieldCipher([{ id: SINGLE_KEY_ID, key: t.encryptionKey }]);
      repositories = createRepositories(db, { cipher });
      admin = await adminAccount(t);
      dir = await mailFolder();
      const mailer = createFileMailer({ dir, from: 'Truss <no-reply@truss.test>' });
      const consumers = createConsumers({
        unitOfWork: repositories.unitOfWork,
        mailer,
        lowStockThreshold: THRESHOLD,
      });
      byName = new Map(consumers.map((c) => [c.name, c]));
    });
    afterAll(async () => {
      await db?.destroy();
      await t?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('answers the three consumers and the topics each reads', () => {
      expect([...byName.values()].map((c) => [c.name, [...c.topics].sort()])).toEqual([
        ['email', ['order.created', 'order.shipped', 'user.created']],
        ['inventory', ['order.created']],
        ['analytics', ['order.created']],
      ]);
    });

    it('email: one welcome mail per registration, however often the event comes', async () => {
      const email = `ada-${Date.now()}@example.com`;
      const reg = await t.call('POST', '/api/v1/auth/register', {
        body: { email, password: 'a long enough test password', first_name: 'Ada', last_name: 'Lovelace' },
      });
      expect(reg.status).toBe(201);
      const event = await eventAbout(repositories, DOMAIN_EVENTS.userCreated, reg.body.id);
      await consumer('email').handle(event);
      await consumer('email').handle(event);
      await Promise.all([consumer('email').handle(event), consumer('email').handle(event)]);
      const mails = await mailsIn(dir, event.id);
      expect(mails).toHaveLength(1);
      expect(recipientOf(mails[0] as never)).toBe(email);
      expect(mails[0]?.subject).toBe('Welcome to Truss');
      expect(mails[0]?.text).toContain('Hello Ada Lovelace,');
      expect(await processed('email', event)).toBe(true);
    });

    it('email: an order confirmation with product names, quantities, unit prices and the total', async () => {
      const buyer = await newAccount(t, admin, 'user');
      const lamp = await newProduct(t, admin, { name: 'Desk lamp', price: '19.99', stock: 500 });
      const pen = await newProduct(t, admin, { name: 'Pen', price: '0.10', stock: 500 });
      const res = await t.call('POST', '/api/v1/orders', {
        token: buyer.token,
        body: {
          items: [
            { product_id: lamp.id, quantity: 2 },
            { product_id: pen.id, quantity: 3 },
          ],
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.total).toBe('40.28');
      const event = await eventAbout(repositories, DOMAIN_EVENTS.orderCreated, res.body.id);
      await consumer('email').handle(event);
      await consumer('email').handle(event);
      const mails = await mailsIn(dir, event.id);
      expect(mails).toHaveLength(1);
      expect(recipientOf(mails[0] as never)).toBe(buyer.email);
      expect(mails[0]?.subject).toBe(`Your order ${res.body.id}`);
      expect(mails[0]?.text).toContain('2 x Desk lamp at 19.99 = 39.98');
      expect(mails[0]?.text).toContain('3 x Pen at 0.10 = 0.30');
      expect(mails[0]?.text).toContain('Total: 40.28');
    });

    it('email: a shipping notice with the tracking number', async () => {
      const buyer = await newAccount(t, admin, 'user');
      const product = await newProduct(t, admin, { stock: 500 });
      const orderId = await newOrder(t, buyer, product.id);
      const paid = await t.call('POST', `/api/v1/orders/${orderId}/pay`, {
        token: buyer.token,
        body: { payment_token: 'tok_success' },
      });
      expect(paid.status).toBe(200);
      const shipped = await t.call('POST', `/api/v1/orders/${orderId}/ship`, {
        token: admin.token,
        body: { tracking_number: 'TRK-4242' },
      });
      expect(shipped.status).toBe(200);
      const event = await eventAbout(repositories, DOMAIN_EVENTS.orderShipped, orderId);
      await consumer('email').handle(event);
      await consumer('email').handle(event);
      const mails = await mailsIn(dir, event.id);
      expect(mails).toHaveLength(1);
      expect(recipientOf(mails[0] as never)).toBe(buyer.email);
      expect(mails[0]?.text).toContain('Tracking number: TRK-4242');
      // A payload without the tracking number (personal data kept out of events): read from the order.
      const lean = { ...event, id: crypto.randomUUID(), payload: { id: orderId } };
      await consumer('email').handle(lean);
      expect((await mailsIn(dir, lean.id))[0]?.text).toContain('Tracking number: TRK-4242');
    });

    it('email: a failed send records nothing, and the redelivery sends the mail once', async () => {
      const failing = createEmailConsumer({
        unitOfWork: repositories.unitOfWork,
        mailer: flakyMailer(createFileMailer({ dir, from: 'no-reply@truss.test' }), 1),
      });
      const reg = await t.call('POST', '/api/v1/auth/register', {
        body: { email: `flaky-${Date.now()}@example.com`, password: 'a long enough test password' },
      });
      const event = await eventAbout(repositories, DOMAIN_EVENTS.userCreated, reg.body.id);
      await expect(failing.handle(event)).rejects.toThrow('421');
      expect(await processed('email', event)).toBe(false);
      expect(await mailsIn(dir, event.id)).toHaveLength(0);
      await failing.handle(event);
      await failing.handle(event);
      expect(await mailsIn(dir, event.id)).toHaveLength(1);
      expect(await processed('email', event)).toBe(true);
    });

    it('email: a user deleted before the event is handled gets no mail, and the event is done', async () => {
      const doomed = await newAccount(t, admin, 'user');
      const event = await eventAbout(repositories, DOMAIN_EVENTS.userCreated, doomed.id);
      const deleted = await t.call('DELETE', `/api/v1/users/${doomed.id}`, { token: admin.token });
      expect(deleted.status).toBe(204);
      await consumer('email').handle(event);
      expect(await mailsIn(dir, event.id)).toHaveLength(0);
      expect(await processed('email', event)).toBe(true);
    });

    it('refuses a malformed payload without recording it (the bus retries, then dead-letters)', async () => {
      const event: DeliveredEvent = {
        id: crypto.randomUUID(),
        topic: DOMAIN_EVENTS.orderCreated,
        key: 'x',
        payload: { id: 'not-a-uuid' },
        occurredAt: new Date(),
      };
      for (const name of ['email', 'inventory', 'analytics']) {
        await expect(consumer(name).handle(event)).rejects.toMatchObject({ code: 'validation_error' });
        expect(await processed(name, event)).toBe(false);
      }
    });

    it('inventory: each Manager gets one low-stock notice per event; none when stock stays high', async () => {
      const managers = [await newAccount(t, admin, 'manager'), await newAccount(t, admin, 'manager')];
      const buyer = await newAccount(t, admin, 'user');
      const scarce = await newProduct(t, admin, { name: 'Scarce widget', stock: THRESHOLD + 2 });
      const plenty = await newProduct(t, admin, { name: 'Plenty', stock: 1000 });
      const low = await t.call('POST', '/api/v1/orders', {
        token: buyer.token,
        body: {
          items: [
            { product_id: scarce.id, quantity: 5 },
            { product_id: plenty.id, quantity: 1 },
          ],
        },
      });
      expect(low.status).toBe(201);
      const event = await eventAbout(repositories, DOMAIN_EVENTS.orderCreated, low.body.id);
      await consumer('inventory').handle(event);
      await consumer('inventory').handle(event);
      const mails = await mailsIn(dir, event.id);
      // Every user of role manager (earlier tests may have made more), each exactly once.
      const managerEmails = (await repositories.userAdmin.list({ role: 'manager', limit: 100 })).items.map(
        (u) => u.email,
      );
      expect(managerEmails).toEqual(expect.arrayContaining(managers.map((m) => m.email)));
      expect(mails.map(recipientOf).sort()).toEqual([...managerEmails].sort());
      for (const mail of mails) {
        expect(mail.subject).toBe('Low stock: Scarce widget');
        expect(mail.text).toContain(`Scarce widget (${scarce.id}): ${THRESHOLD - 3} left`);
        expect(mail.text).not.toContain('Plenty');
      }
      const fine = await newOrder(t, buyer, plenty.id, 2);
      const quiet = await eventAbout(repositories, DOMAIN_EVENTS.orderCreated, fine);
      await consumer('inventory').handle(quiet);
      expect(await mailsIn(dir, quiet.id)).toHaveLength(0);
      expect(await processed('inventory', quiet)).toBe(true);
    });

    it('analytics: an order counts once in its day, however often and concurrently it is delivered', async () => {
      const buyer = await newAccount(t, admin, 'user');
      const product = await newProduct(t, admin, { price: '33.33', stock: 500 });
      const orderId = await newOrder(t, buyer, product.id, 3);
      const order = await repositories.orders.findById(orderId);
      const day = order?.createdAt.toISOString().slice(0, 10) as string;
      const before = (await repositories.salesAnalytics.dailySales(day, day))[0] ?? {
        orders: 0,
        revenue: '0.00',
      };
      const event = await eventAbout(repositories, DOMAIN_EVENTS.orderCreated, orderId);
      const analytics = createAnalyticsConsumer({ unitOfWork: repositories.unitOfWork });
      await Promise.all(Array.from({ length: 5 }, () => analytics.handle(event)));
      await analytics.handle(event);
      const [after] = await repositories.salesAnalytics.dailySales(day, day);
      const cents = (amount: string) => BigInt(amount.replace('.', ''));
      expect(after?.orders).toBe(before.orders + 1);
      expect(cents(after?.revenue ?? '0') - cents(before.revenue)).toBe(9999n); // 3 × 33.33
    });
  });
}
