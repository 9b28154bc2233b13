import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import type { OrderRecord } from '../ports/order-repository.js';
import type { PaymentProvider } from '../ports/payment-provider.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import { paymentKey } from './order-payment.js';

/**
 * What {@link expirePendingOrders} needs.
 *
 * @example
 * ```ts
 * const deps: OrderExpiryDeps = { unitOfWork, payments, paymentWindowMs: 30 * 60_000 };
 * ```
 */
export interface OrderExpiryDeps {
  unitOfWork: UnitOfWork;
  payments: PaymentProvider;
  /** How long an order may stay unpaid, in ms (`ORDER_PAYMENT_TIMEOUT`). */
  paymentWindowMs: number;
  /** How long to wait for the payment provider, in ms: an attempt `charging` longer than twice this is dead. Default 10 000. */
  paymentTimeoutMs?: number;
  /** Orders per transaction, 1–1000. Default 100. */
  batchSize?: number;
  /** Default: the system clock. */
  clock?: Clock;
}

/**
 * Cancels the orders left unpaid longer than `paymentWindowMs` and puts their items back in stock,
 * in batches, each batch one transaction whose rows are claimed with `FOR UPDATE SKIP LOCKED` and
 * changed at their version: safe to run on several instances at once, an order is restocked once.
 * An order whose payment is being charged right now is left for the next run; one whose payment
 * attempt timed out (it may have charged) gets that charge refunded. Answers how many it cancelled.
 *
 * @example
 * ```ts
 * const cancelled = await expirePendingOrders({ unitOfWork, payments, paymentWindowMs: 1_800_000 });
 * ```
 */
export async function expirePendingOrders(deps: OrderExpiryDeps): Promise<number> {
  const clock = deps.clock ?? systemClock;
  const batchSize = deps.batchSize ?? 100;
  const chargeTimeoutMs = deps.paymentTimeoutMs ?? 10_000;
  let total = 0;
  for (;;) {
    const now = clock.now().getTime();
    const before = new Date(now - deps.paymentWindowMs);
    const staleBefore = now - 2 * chargeTimeoutMs;
    const { cancelled, seen } = await deps.unitOfWork.run(async ({ orders, products, paymentAttempts }) => {
      const batch = await orders.lockExpiredPending(before, batchSize);
      const done: Array<{ order: OrderRecord; mayHaveCharged: boolean }> = [];
      for (const order of batch) {
        const attempt = await paymentAttempts.find(order.id, order.version);
        if (attempt?.state === 'charging' && attempt.claimedAt.getTime() > staleBefore) continue;
        await orders.updateStatus(order.id, 'cancelled', order.version);
        for (const item of order.items) await products.incrementStock(item.productId, item.quantity);
        done.push({ order, mayHaveCharged: attempt !== null && attempt.state !== 'declined' });
      }
      return { cancelled: done, seen: batch.length };
    });
    for (const { order, mayHaveCharged } of cancelled) {
      if (mayHaveCharged) await deps.payments.refundAttempt(paymentKey(order)).catch(() => undefined);
    }
    total += cancelled.length;
    if (seen < batchSize || cancelled.length === 0) return total;
  }
}
