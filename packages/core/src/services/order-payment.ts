import { TrussError } from '../errors.js';
import type { OrderRecord } from '../ports/order-repository.js';
import type { PaymentAttemptRepository } from '../ports/payment-attempt-repository.js';
import type { ChargeResult, PaymentProvider } from '../ports/payment-provider.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';

/**
 * What {@link chargeOrder} needs.
 *
 * @example
 * ```ts
 * const deps: ChargeOrderDeps = { unitOfWork, payments, currency: 'EUR', timeoutMs: 10_000 };
 * ```
 */
export interface ChargeOrderDeps {
  unitOfWork: UnitOfWork;
  payments: PaymentProvider;
  currency: string;
  timeoutMs: number;
  /** The time of the attempt. Default: now. */
  now?: Date;
  /**
   * The attempts outside any transaction, to claim with: each statement commits at once, so
   * concurrent claimers hold no locks on one another (MySQL/MariaDB would otherwise deadlock on the
   * shared lock a duplicate insert takes). Default: claimed in a unit of work.
   */
  attempts?: PaymentAttemptRepository;
}

/**
 * The idempotency key of a payment attempt: the order and its version. The version changes only
 * when the order does (a decline bumps it, so a new card gets a new attempt); while an attempt's
 * outcome is unknown it stays, so a retry asks the provider about the same charge.
 *
 * @example
 * ```ts
 * paymentKey({ id: order.id, version: 1 }); // 'order-<id>-v1'
 * ```
 */
export function paymentKey(order: Pick<OrderRecord, 'id' | 'version'>): string {
  return `order-${order.id}-v${order.version}`;
}

async function chargeWithTimeout(
  deps: ChargeOrderDeps,
  order: OrderRecord,
  paymentToken: string,
): Promise<ChargeResult> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error('timeout'));
    }, deps.timeoutMs);
  });
  try {
    return await Promise.race([
      deps.payments.charge({
        idempotencyKey: paymentKey(order),
        amount: order.total,
        currency: deps.currency,
        orderId: order.id,
        paymentToken,
        signal: controller.signal,
      }),
      timeout,
    ]);
  } catch (error) {
    throw new TrussError(
      'service_unavailable',
      'The payment provider did not answer; retry: the order will not be charged twice',
      { cause: error, headers: { 'retry-after': '1' } },
    );
  } finally {
    clearTimeout(timer);
  }
}

async function claimAttempt(deps: ChargeOrderDeps, order: OrderRecord, now: Date): Promise<void> {
  // An attempt left `charging` for twice the provider timeout belongs to an instance that died.
  const staleBefore = new Date(now.getTime() - 2 * deps.timeoutMs);
  const claimed = deps.attempts
    ? await deps.attempts.claim(order.id, order.version, now, staleBefore)
    : await deps.unitOfWork.run(({ paymentAttempts }) =>
        paymentAttempts.claim(order.id, order.version, now, staleBefore),
      );
  if (claimed) return;
  const current = await deps.unitOfWork.run(({ orders }) => orders.findById(order.id));
  const status = current?.status ?? order.status;
  throw new TrussError(
    'conflict',
    status === 'pending'
      ? 'Another payment of this order is in progress; retry to learn its outcome'
      : `The order is ${status} now`,
    { details: { status, current_version: current?.version ?? order.version } },
  );
}

async function settle(
  deps: ChargeOrderDeps,
  order: OrderRecord,
  state: 'unknown' | 'succeeded' | 'declined' | 'refunded',
): Promise<void> {
  await deps.unitOfWork.run(({ paymentAttempts }) => paymentAttempts.settle(order.id, order.version, state));
}

/**
 * Charges a pending order once and marks it paid. The attempt (the order and its version) is
 * claimed in the database first: of several concurrent requests one charges, the others get a 409
 * `conflict` with the order's real state — never someone else's outcome. Declined: the order's
 * version is bumped (so the next attempt is a new charge) and a 402 `payment_declined` thrown. No
 * answer: 503, the order untouched and the attempt `unknown`, so a retry replays the same
 * provider key. When the order changed while it was being charged (cancelled meanwhile), the charge
 * is refunded and a 409 `conflict` thrown.
 *
 * @example
 * ```ts
 * const paid = await chargeOrder({ unitOfWork, payments, currency: 'EUR', timeoutMs: 10_000, now: new Date() }, order, 'tok_visa');
 * ```
 */
export async function chargeOrder(
  deps: ChargeOrderDeps,
  order: OrderRecord,
  paymentToken: string,
): Promise<OrderRecord> {
  await claimAttempt(deps, order, deps.now ?? new Date());
  let result: ChargeResult;
  try {
    result = await chargeWithTimeout(deps, order, paymentToken);
  } catch (error) {
    await settle(deps, order, 'unknown').catch(() => undefined); // Left `charging`, it goes stale anyway.
    throw error;
  }
  if (result.status === 'declined') {
    await deps.unitOfWork
      .run(async ({ orders, paymentAttempts }) => {
        await paymentAttempts.settle(order.id, order.version, 'declined');
        await orders.updateStatus(order.id, 'pending', order.version);
      })
      .catch(() => settle(deps, order, 'declined').catch(() => undefined)); // The order moved on (cancelled).
    throw new TrussError('payment_declined', result.reason);
  }
  try {
    return await deps.unitOfWork.run(async ({ orders, paymentAttempts }) => {
      await paymentAttempts.settle(order.id, order.version, 'succeeded');
      return orders.updateStatus(order.id, 'paid', order.version);
    });
  } catch (error) {
    // A stale takeover of the same attempt already marked it paid: same key, same charge.
    const current = await deps.unitOfWork.run(({ orders }) => orders.findById(order.id));
    if (current?.status === 'paid' && current.version === order.version + 1) return current;
    await deps.payments.refund(result.chargeId);
    await settle(deps, order, 'refunded').catch(() => undefined);
    throw new TrussError('conflict', 'The order changed while it was being paid; the charge was refunded', {
      cause: error,
      details: { status: current?.status ?? order.status },
    });
  }
}
