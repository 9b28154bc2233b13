import { randomUUID } from 'node:crypto';
import type { ChargeRequest } from '@truss/core';
import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { describeWithServices } from '@truss/testing';
import { createTestPaymentProvider, TEST_PAYMENT_TOKENS } from '@truss/testing/payments';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Account, adminAccount, newAccount, newOrder, newProduct } from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

// Issue 11: four concurrent `POST /orders/:id/pay` with different Idempotency-Keys all answered 200
// with the same version on PostgreSQL — a tok_decline request was told it paid. Each request must
// get its own true answer, and the provider is charged at most once per order, whatever the keys.
const targets: Array<[TestDatabaseKind, ServiceName[], 'fastify' | 'express']> = [
  ['postgres', ['postgres'], 'fastify'],
  ['mysql', ['mysql'], 'express'],
  ['sqlite', [], 'fastify'],
];

/** The test provider, slowed down so that concurrent requests overlap, counting every charge call. */
function slowCountingProvider() {
  const inner = createTestPaymentProvider();
  const calls: ChargeRequest[] = [];
  return {
    ...inner,
    calls,
    async charge(request: ChargeRequest) {
      calls.push(request);
      await new Promise((resolve) => setTimeout(resolve, 60));
      return inner.charge(request);
    },
  };
}

for (const [kind, needs, adapter] of targets)
  describeWithServices(needs, `concurrent payments: ${adapter} on ${kind}`, () => {
    let t: TestServer;
    let buyer: Account;
    let productId: string;
    const payments = slowCountingProvider();

    beforeAll(async () => {
      t = await startTestServer(kind, adapter, {}, { payments, paymentTimeoutMs: 2_000 });
      const admin = await adminAccount(t);
      buyer = await newAccount(t, admin, 'user');
      productId = (await newProduct(t, admin, { price: '12.50', stock: 1000 })).id;
    });
    afterAll(async () => {
      await t?.stop();
    });

    const pay = (id: string, token: string) =>
      t.call('POST', `/api/v1/orders/${id}/pay`, {
        token: buyer.token,
        headers: { 'idempotency-key': randomUUID() },
        body: { payment_token: token },
      });

    it('gives each of four concurrent payments its own true answer and charges the order once', async () => {
      for (let round = 0; round < 3; round++) {
        const id = await newOrder(t, buyer, productId);
        const tokens = [
          TEST_PAYMENT_TOKENS.success,
          TEST_PAYMENT_TOKENS.decline,
          TEST_PAYMENT_TOKENS.success,
          TEST_PAYMENT_TOKENS.decline,
        ];
        const answers = await Promise.all(tokens.map((token) => pay(id, token)));
        const calls = payments.calls.filter((c) => c.orderId === id);
        const succeeded = payments
          .charges()
          .filter((c) => c.orderId === id && c.result.status === 'succeeded');
        // Never charged twice, whatever the keys.
        expect(succeeded.length).toBeLessThanOrEqual(1);
        expect(payments.succeededFor(id).length).toBeLessThanOrEqual(1);
        // Never two charges in flight for one order at once: each call has its own provider key.
        expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(calls.length);
        const order = (await t.call('GET', `/api/v1/orders/${id}`, { token: buyer.token })).body;
        const oks = answers.filter((a) => a.status === 200);
        expect(oks.length).toBeLessThanOrEqual(1);
        answers.forEach((answer, i) => {
          const token = tokens[i];
          expect([200, 402, 409], JSON.stringify(answer.body)).toContain(answer.status);
          // A 200 went to a request whose own card was charged; a 402 to one whose card was declined.
          if (answer.status === 200) {
            expect(token).toBe(TEST_PAYMENT_TOKENS.success);
            expect(answer.body).toMatchObject({ status: 'paid', version: order.version });
          }
          if (answer.status === 402) expect(token).toBe(TEST_PAYMENT_TOKENS.decline);
          if (answer.status === 409) expect(answer.body.error).toBe('conflict');
        });
        // The order's state matches the answers: paid exactly when one request was told so.
        expect(order.status).toBe(oks.length === 1 ? 'paid' : 'pending');
        expect(succeeded.length).toBe(oks.length);
        // A client told 409 learns the real outcome by asking again.
        if (order.status === 'pending') expect((await pay(id, TEST_PAYMENT_TOKENS.success)).status).toBe(200);
        expect(payments.succeededFor(id)).toHaveLength(1);
      }
    });
  });
