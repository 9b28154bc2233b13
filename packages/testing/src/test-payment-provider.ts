import type { ChargeRequest, ChargeResult, PaymentProvider } from '@truss/core';

/**
 * Payment tokens the {@link createTestPaymentProvider} understands; any other token succeeds.
 *
 * @example
 * ```ts
 * await orders.pay(principal, id, { paymentToken: TEST_PAYMENT_TOKENS.decline }); // 402
 * ```
 */
export const TEST_PAYMENT_TOKENS = Object.freeze({
  /** The charge goes through. */
  success: 'tok_success',
  /** The provider declines the charge. */
  decline: 'tok_decline',
  /**
   * The charge goes through on the provider's side, but its answer never arrives (the caller times
   * out): the worst case. A retry with the same idempotency key answers the recorded success.
   */
  timeout: 'tok_timeout',
});

/**
 * One charge the test provider recorded.
 *
 * @example
 * ```ts
 * const [charge]: readonly TestCharge[] = payments.succeededFor(orderId);
 * ```
 */
export interface TestCharge {
  idempotencyKey: string;
  orderId: string;
  amount: string;
  result: ChargeResult;
  /** Whether the charge was refunded. */
  refunded: boolean;
}

/**
 * A {@link PaymentProvider} for tests and development, and what it recorded.
 *
 * @example
 * ```ts
 * const payments: TestPaymentProvider = createTestPaymentProvider();
 * expect(payments.succeededFor(orderId)).toHaveLength(1);
 * ```
 */
export interface TestPaymentProvider extends PaymentProvider {
  /** Every distinct charge (one per idempotency key), oldest first. */
  charges(): readonly TestCharge[];
  /** The charges that succeeded (and were not refunded) for `orderId`: more than one would be a double charge. */
  succeededFor(orderId: string): readonly TestCharge[];
}

function abortError(): Error {
  return Object.assign(new Error('The charge was aborted before the provider answered'), {
    name: 'AbortError',
  });
}

/**
 * An in-memory payment provider whose outcome is chosen by the payment token (see
 * {@link TEST_PAYMENT_TOKENS}), deterministically. It keeps Stripe's idempotency semantics: a key
 * seen before answers its first outcome and charges nothing more.
 *
 * @example
 * ```ts
 * const payments = createTestPaymentProvider();
 * await payments.charge({ idempotencyKey: 'k1', amount: '5.00', currency: 'EUR', orderId, paymentToken: 'tok_decline' });
 * // { status: 'declined', reason: 'Your card was declined (test token tok_decline)' }
 * ```
 */
export function createTestPaymentProvider(): TestPaymentProvider {
  const byKey = new Map<string, TestCharge>();
  let sequence = 0;

  function record(request: ChargeRequest): TestCharge {
    const known = byKey.get(request.idempotencyKey);
    if (known) return known;
    const result: ChargeResult =
      request.paymentToken === TEST_PAYMENT_TOKENS.decline
        ? { status: 'declined', reason: `Your card was declined (test token ${request.paymentToken})` }
        : { status: 'succeeded', chargeId: `ch_test_${++sequence}` };
    const charge = {
      idempotencyKey: request.idempotencyKey,
      orderId: request.orderId,
      amount: request.amount,
      result,
      refunded: false,
    };
    byKey.set(request.idempotencyKey, charge);
    return charge;
  }

  return {
    async charge(request) {
      const replay = byKey.has(request.idempotencyKey);
      const charge = record(request);
      if (replay || request.paymentToken !== TEST_PAYMENT_TOKENS.timeout) return charge.result;
      // Charged, but the answer is lost: wait until the caller gives up.
      return new Promise<ChargeResult>((_resolve, reject) => {
        if (request.signal?.aborted) reject(abortError());
        request.signal?.addEventListener('abort', () => reject(abortError()), { once: true });
      });
    },
    async refund(chargeId) {
      for (const charge of byKey.values()) {
        if (charge.result.status === 'succeeded' && charge.result.chargeId === chargeId)
          charge.refunded = true;
      }
    },
    async refundAttempt(idempotencyKey) {
      const charge = byKey.get(idempotencyKey);
      if (charge?.result.status === 'succeeded') charge.refunded = true;
    },
    charges: () => [...byKey.values()],
    succeededFor: (orderId) =>
      [...byKey.values()].filter(
        (c) => c.orderId === orderId && c.result.status === 'succeeded' && !c.refunded,
      ),
  };
}
