import { randomUUID } from 'node:crypto';
import { silentLogger } from '@truss/core';
import type { TrussDatabase } from '@truss/repos';
import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { describeWithServices } from '@truss/testing';
import { createTestPaymentProvider } from '@truss/testing/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { type Account, adminAccount, inspect, newAccount, newOrder, newProduct } from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

// Issue 11: unpaid orders held stock forever (one account could reserve the catalogue); expired
// refresh tokens and old audit rows were never purged. Two instances on one database run the jobs.
const targets: Array<[TestDatabaseKind, ServiceName[]]> = [
  ['postgres', ['postgres']],
  ['mysql', ['mysql']],
  ['sqlite', []],
];

// A failing job pass is logged as a warning: show it.
const logger = {
  ...silentLogger,
  warn: (obj: object, msg?: string) => {
    if (msg === 'job failed') console.warn(msg, obj);
  },
};

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('ORDER_PAYMENT_TIMEOUT and the jobs settings', () => {
  const base = { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' };
  it('reads seconds or a duration with s, m or h, and refuses anything else', () => {
    expect(loadConfig(base).ORDER_PAYMENT_TIMEOUT).toBe(1800);
    expect(loadConfig(base).MAX_PENDING_ORDERS).toBe(5);
    expect(loadConfig(base).AUDIT_RETENTION_DAYS).toBe(365);
    for (const [given, seconds] of [
      ['90', 90],
      ['90s', 90],
      ['30m', 1800],
      ['2h', 7200],
    ] as const) {
      expect(loadConfig({ ...base, ORDER_PAYMENT_TIMEOUT: given }).ORDER_PAYMENT_TIMEOUT).toBe(seconds);
    }
    for (const bad of ['0', '1.5h', '30 min', '-5', '8d', '169h', 'soon', '1e3']) {
      expect(() => loadConfig({ ...base, ORDER_PAYMENT_TIMEOUT: bad }), bad).toThrow(/ORDER_PAYMENT_TIMEOUT/);
    }
    for (const [name, bad] of [
      ['MAX_PENDING_ORDERS', '0'],
      ['AUDIT_RETENTION_DAYS', '0'],
      ['JOBS_INTERVAL', '0'],
    ]) {
      expect(() => loadConfig({ ...base, [name as string]: bad })).toThrow(new RegExp(name as string));
    }
  });
});

for (const [kind, needs] of targets)
  describeWithServices(needs, `unpaid orders and retention, two instances: ${kind}`, () => {
    let a: TestServer;
    let b: TestServer;
    let db: TrussDatabase;
    let admin: Account;
    const payments = createTestPaymentProvider();

    beforeAll(async () => {
      const env = {
        ORDER_PAYMENT_TIMEOUT: '3s',
        JOBS_INTERVAL: '1',
        MAX_PENDING_ORDERS: '3',
        AUDIT_RETENTION_DAYS: '30',
        // Events are not what this test is about; on SQLite, two instances' consumers writing to one
        // file beside the jobs would only add lock waits (one SQLite instance is the supported setup).
        WORKERS: 'off',
      };
      a = await startTestServer(kind, 'fastify', env, { payments }, undefined, logger);
      b = await startTestServer(kind, 'express', env, { payments }, a, logger);
      db = await inspect(a);
      admin = await adminAccount(a);
    });
    afterAll(async () => {
      await db?.destroy();
      await b?.stop();
      await a?.stop();
    });

    // From the database: each instance caches products in its own memory (no REDIS_URL here).
    const stockOf = async (id: string) =>
      Number(
        (await db.db.selectFrom('products').select('stock').where('id', '=', id).executeTakeFirstOrThrow())
          .stock,
      );

    it('caps a user’s unpaid orders with 409 conflict, also when they arrive at once', async () => {
      const buyer = await newAccount(a, admin, 'user');
      const product = await newProduct(a, admin, { stock: 100 });
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? b : a).call('POST', '/api/v1/orders', {
            token: buyer.token,
            body: { items: [{ product_id: product.id, quantity: 1 }] },
          }),
        ),
      );
      const created = answers.filter((r) => r.status === 201);
      expect(created).toHaveLength(3);
      for (const r of answers.filter((x) => x.status !== 201)) {
        expect(r.status).toBe(409);
        expect(r.body).toMatchObject({
          error: 'conflict',
          details: { pending_orders: 3, max_pending_orders: 3 },
        });
      }
      expect(await stockOf(product.id)).toBe(97);
      // Paying one frees a place.
      const pay = await a.call('POST', `/api/v1/orders/${created[0]?.body.id}/pay`, {
        token: buyer.token,
        body: { payment_token: 'tok_success' },
      });
      expect(pay.status).toBe(200);
      await newOrder(a, buyer, product.id);
    });

    it('cancels unpaid orders after ORDER_PAYMENT_TIMEOUT and restocks them once, whichever instance runs the job', async () => {
      const product = await newProduct(a, admin, { stock: 50 });
      const buyers = await Promise.all([1, 2, 3, 4].map(() => newAccount(a, admin, 'user')));
      const ids: string[] = [];
      for (const buyer of buyers)
        for (let i = 0; i < 3; i++) ids.push(await newOrder(b, buyer, product.id, 2));
      const paidBuyer = buyers[0] as Account;
      const paid = ids[0] as string;
      expect(
        (
          await a.call('POST', `/api/v1/orders/${paid}/pay`, {
            token: paidBuyer.token,
            body: { payment_token: 'tok_success' },
          })
        ).status,
      ).toBe(200);
      expect(await stockOf(product.id)).toBe(50 - 24);
      await eventually(async () => (await stockOf(product.id)) === 50 - 2);
      for (const id of ids.slice(1)) {
        const order = await a.call('GET', `/api/v1/orders/${id}`, { token: admin.token });
        expect(order.body.status).toBe('cancelled');
      }
      expect((await a.call('GET', `/api/v1/orders/${paid}`, { token: admin.token })).body.status).toBe(
        'paid',
      );
      // Several passes later, still restocked once.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await stockOf(product.id)).toBe(48);
      // Paying an expired order is a 409, even before the job got to it.
      const late = ids[1] as string;
      const answer = await b.call('POST', `/api/v1/orders/${late}/pay`, {
        token: paidBuyer.token,
        body: { payment_token: 'tok_success' },
      });
      expect(answer.status).toBe(409);
      expect(payments.succeededFor(late)).toHaveLength(0);
    });

    it('purges expired refresh tokens, sessions and reset tokens, audit rows older than AUDIT_RETENTION_DAYS and expired idempotency keys', async () => {
      const at = (msAgo: number) => {
        const time = new Date(Date.now() - msAgo);
        return kind === 'sqlite' ? time.toISOString() : time;
      };
      const day = 86_400_000;
      const old = randomUUID();
      const recent = randomUUID();
      await db.db
        .insertInto('audit_log')
        .values([
          {
            id: old,
            actor_id: null,
            action: 'test.old',
            target_type: null,
            target_id: null,
            details: null,
            ip: null,
            created_at: at(31 * day),
          },
          {
            id: recent,
            actor_id: null,
            action: 'test.recent',
            target_type: null,
            target_id: null,
            details: null,
            ip: null,
            created_at: at(29 * day),
          },
        ])
        .execute();
      const expired = randomUUID();
      const live = randomUUID();
      const token = (id: string, expiresAgo: number) => ({
        id,
        family_id: randomUUID(),
        user_id: admin.id,
        token_hash: `hash-${id}`,
        created_at: at(8 * day),
        expires_at: at(expiresAgo),
        used_at: null,
        revoked_at: null,
      });
      await db.db
        .insertInto('refresh_tokens')
        .values([token(expired, 1000), token(live, -day)])
        .execute();
      const key = (name: string, expiresAgo: number) => ({
        scope: 'anonymous',
        idempotency_key: name,
        fingerprint: '0'.repeat(64),
        state: 'completed',
        status: 201,
        response: '{"headers":{},"body":null}',
        locked_until: at(day),
        expires_at: at(expiresAgo),
      });
      await db.db
        .insertInto('idempotency_keys')
        .values([key(`gone-${old}`, 1000), key(`kept-${old}`, -day)])
        .execute();
      const session = (id: string, expiresAgo: number) => ({
        id,
        user_id: admin.id,
        created_at: at(40 * day),
        expires_at: at(expiresAgo),
        authenticated_at: at(40 * day),
        revoked_at: null,
      });
      const [endedSession, liveSession] = [randomUUID(), randomUUID()];
      await db.db
        .insertInto('sessions')
        .values([session(endedSession, 1000), session(liveSession, -day)])
        .execute();
      const reset = (id: string, expiresAgo: number) => ({
        id,
        user_id: admin.id,
        token_hash: `reset-${id}`,
        created_at: at(day),
        expires_at: at(expiresAgo),
        used_at: null,
      });
      const [staleReset, freshReset] = [randomUUID(), randomUUID()];
      await db.db
        .insertInto('password_resets')
        .values([reset(staleReset, 1000), reset(freshReset, -60_000)])
        .execute();
      // Published events and processed records older than 30 days (the default) go; pending ones stay.
      const [oldEvent, pendingEvent] = [randomUUID(), randomUUID()];
      const outboxRow = (id: string, publishedAgo: number | null) => ({
        id,
        topic: 'test.retention',
        payload: '{}',
        created_at: at(40 * day),
        published_at: publishedAgo === null ? null : at(publishedAgo),
        attempts: 0,
      });
      await db.db
        .insertInto('outbox')
        .values([outboxRow(oldEvent, 31 * day), outboxRow(pendingEvent, null)])
        .execute();
      await db.db
        .insertInto('processed_events')
        .values([
          { consumer: 'test', event_id: oldEvent, processed_at: at(31 * day) },
          { consumer: 'test', event_id: pendingEvent, processed_at: at(day) },
        ])
        .execute();
      const outboxIds = async () =>
        (await db.db.selectFrom('outbox').select('id').execute()).map((r) => r.id);
      const processedIds = async () =>
        (
          await db.db
            .selectFrom('processed_events')
            .select('event_id')
            .where('consumer', '=', 'test')
            .execute()
        ).map((r) => r.event_id);
      const keys = async () =>
        (await db.db.selectFrom('idempotency_keys').select('idempotency_key').execute()).map(
          (r) => r.idempotency_key,
        );
      const ids = async (table: 'audit_log' | 'refresh_tokens' | 'sessions' | 'password_resets') =>
        (await db.db.selectFrom(table).select('id').execute()).map((r) => r.id);
      await eventually(
        async () =>
          !(await ids('audit_log')).includes(old) &&
          !(await ids('refresh_tokens')).includes(expired) &&
          !(await keys()).includes(`gone-${old}`) &&
          !(await ids('sessions')).includes(endedSession) &&
          !(await ids('password_resets')).includes(staleReset) &&
          !(await outboxIds()).includes(oldEvent) &&
          !(await processedIds()).includes(oldEvent),
      );
      expect(await outboxIds()).toContain(pendingEvent);
      expect(await processedIds()).toContain(pendingEvent);
      expect(await ids('sessions')).toContain(liveSession);
      expect(await ids('password_resets')).toContain(freshReset);
      expect(await keys()).toContain(`kept-${old}`);
      expect(await ids('audit_log')).toContain(recent);
      expect(await ids('refresh_tokens')).toContain(live);
    });
  });
