import {
  chargeOrder,
  type OrderRecord,
  paymentKey,
  type TransactionRepositories,
  type UnitOfWork,
} from '@truss/core';
import { describe, expect, it } from 'vitest';
import { createTestPaymentProvider, TEST_PAYMENT_TOKENS } from './test-payment-provider.js';

// chargeOrder over the test provider and the smallest honest order store: one order, versioned.
function store(initial: OrderRecord) {
  let order = initial;
  const orders = {
    async findById() {
      return order;
    },
    async updateStatus(_id: string, status: OrderRecord['status'], version: number) {
      if (version !== order.version) throw Object.assign(new Error('stale'), { code: 'conflict' });
      order = { ...order, status, version: order.version + 1 };
      return order;
    },
  };
  // One attempt per order version, claimed as the database does: only a new, timed-out or stale one.
  const attempts = new Map<number, { state: string; claimedAt: Date }>();
  const paymentAttempts = {
    async claim(_id: string, version: number, now: Date, staleBefore: Date) {
      const known = attempts.get(version);
      if (
        known &&
        known.state !== 'unknown' &&
        !(known.state === 'charging' && known.claimedAt < staleBefore)
      ) {
        return false;
      }
      attempts.set(version, { state: 'charging', claimedAt: now });
      return true;
    },
    async settle(_id: string, version: number, state: string) {
      const known = attempts.get(version);
      if (known) known.state = state;
    },
  };
  const unitOfWork: UnitOfWork = {
    run: (work) => work({ orders, paymentAttempts } as unknown as TransactionRepositories),
  };
  return {
    unitOfWork,
    current: () => order,
    cancel: () => orders.updateStatus('', 'cancelled', order.version),
  };
}

const anOrder = (): OrderRecord => ({
  id: '7d0c1f4e-0000-4000-8000-000000000001',
  userId: '7d0c1f4e-0000-4000-8000-000000000002',
  total: '25.00',
  status: 'pending',
  version: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
  items: [],
  trackingNumber: null,
});

describe('chargeOrder', () => {
  it('charges once and marks the order paid', async () => {
    const payments = createTestPaymentProvider();
    const s = store(anOrder());
    const paid = await chargeOrder(
      { unitOfWork: s.unitOfWork, payments, currency: 'EUR', timeoutMs: 1000 },
      s.current(),
      'tok_success',
    );
    expect(paid).toMatchObject({ status: 'paid', version: 2 });
    expect(payments.succeededFor(paid.id)).toHaveLength(1);
  });

  it('answers 402 on a decline and gives the next attempt a new key', async () => {
    const payments = createTestPaymentProvider();
    const s = store(anOrder());
    const deps = { unitOfWork: s.unitOfWork, payments, currency: 'EUR', timeoutMs: 1000 };
    await expect(chargeOrder(deps, s.current(), TEST_PAYMENT_TOKENS.decline)).rejects.toMatchObject({
      code: 'payment_declined',
    });
    expect(s.current()).toMatchObject({ status: 'pending', version: 2 });
    await chargeOrder(deps, s.current(), 'tok_success');
    expect(payments.charges().map((c) => c.idempotencyKey)).toEqual([
      paymentKey({ id: s.current().id, version: 1 }),
      paymentKey({ id: s.current().id, version: 2 }),
    ]);
  });

  it('answers 503 on a timeout, and a retry settles the same charge without a second one', async () => {
    const payments = createTestPaymentProvider();
    const s = store(anOrder());
    const deps = { unitOfWork: s.unitOfWork, payments, currency: 'EUR', timeoutMs: 30 };
    await expect(chargeOrder(deps, s.current(), TEST_PAYMENT_TOKENS.timeout)).rejects.toMatchObject({
      code: 'service_unavailable',
    });
    expect(s.current().status).toBe('pending');
    const paid = await chargeOrder(deps, s.current(), TEST_PAYMENT_TOKENS.timeout);
    expect(paid.status).toBe('paid');
    expect(payments.charges()).toHaveLength(1);
    expect(payments.succeededFor(paid.id)).toHaveLength(1);
  });

  it('lets one of two concurrent attempts charge; the other is told 409 conflict, not the outcome', async () => {
    const payments = createTestPaymentProvider();
    const s = store(anOrder());
    const deps = { unitOfWork: s.unitOfWork, payments, currency: 'EUR', timeoutMs: 1000 };
    const [visa, decline] = await Promise.allSettled([
      chargeOrder(deps, s.current(), 'tok_success'),
      chargeOrder(deps, s.current(), TEST_PAYMENT_TOKENS.decline),
    ]);
    expect(visa).toMatchObject({ status: 'fulfilled', value: { status: 'paid', version: 2 } });
    expect(decline).toMatchObject({ status: 'rejected', reason: { code: 'conflict' } });
    expect(payments.charges()).toHaveLength(1);
  });

  it('refunds when the order was cancelled while being charged', async () => {
    const payments = createTestPaymentProvider();
    const s = store(anOrder());
    const read = s.current();
    await s.cancel();
    await expect(
      chargeOrder(
        { unitOfWork: s.unitOfWork, payments, currency: 'EUR', timeoutMs: 1000 },
        read,
        'tok_success',
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(payments.charges()[0]?.refunded).toBe(true);
    expect(payments.succeededFor(read.id)).toHaveLength(0);
  });
});
