import type { Money } from '../domain/money.js';

/**
 * What {@link PaymentProvider.charge} needs.
 *
 * @example
 * ```ts
 * const request: ChargeRequest = { idempotencyKey: 'order-1-v1', amount: '9.99', currency: 'EUR', orderId, paymentToken: 'tok_visa' };
 * ```
 */
export interface ChargeRequest {
  /**
   * The same key always means the same charge: a provider that sees a key again answers the first
   * outcome and charges nothing more. Derived from the order, so a retry never charges twice.
   */
  idempotencyKey: string;
  /** The amount, an exact decimal string. */
  amount: Money;
  /** ISO 4217 currency code. */
  currency: string;
  /** The order being paid, for the provider's records. */
  orderId: string;
  /** The payment method, as the client's provider SDK tokenized it (never a card number). */
  paymentToken: string;
  /** Aborted when the caller stops waiting (its timeout). */
  signal?: AbortSignal;
}

/**
 * The outcome of a charge: it went through, or the provider declined it.
 *
 * @example
 * ```ts
 * if (result.status === 'succeeded') console.log(result.chargeId);
 * ```
 */
export type ChargeResult = { status: 'succeeded'; chargeId: string } | { status: 'declined'; reason: string };

/**
 * A payment provider (spec §5.1 `PaymentService`, §6.1 Stripe). `charge` answers the outcome, or
 * throws when the outcome is unknown (timeout, network): the caller retries with the same
 * idempotency key to learn it, and is never charged twice.
 *
 * @example
 * ```ts
 * const result = await provider.charge({ idempotencyKey: `order-${id}-1`, amount: '25.00', currency: 'EUR', orderId: id, paymentToken: 'tok_visa' });
 * if (result.status === 'declined') console.log(result.reason);
 * ```
 */
export interface PaymentProvider {
  /** Charges once per idempotency key; see {@link ChargeResult}. */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /**
   * Gives a succeeded charge back in full (used when the order changed while it was being paid).
   * Refunding the same charge twice refunds it once.
   */
  refund(chargeId: string): Promise<void>;
  /**
   * Refunds in full the charge that succeeded under `idempotencyKey`, if there is one: an attempt
   * whose answer never arrived (a timeout) may have charged. Nothing happens when there is none.
   */
  refundAttempt(idempotencyKey: string): Promise<void>;
}
