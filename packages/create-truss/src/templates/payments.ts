import { lines } from './lines.js';

/**
 * `src/payments.ts` (with the orders route set): a payment provider that declines every charge, so
 * nothing is sold until a real one is wired in its place.
 *
 * @example
 * ```ts
 * const text = paymentsSource();
 * ```
 */
export function paymentsSource(): string {
  return lines([
    "import type { PaymentProvider } from '@truss/core';",
    '',
    '/**',
    ' * The payment provider orders are paid with. This one declines every charge (the client gets',
    ' * 402 payment_declined), so nothing is sold before a real provider is wired: implement `charge`,',
    " * `refund` and `refundAttempt` with your provider's SDK. The PaymentProvider port of @truss/core",
    ' * says what each must guarantee (one charge per idempotency key, refunds that happen once).',
    ' */',
    'export function paymentProvider(): PaymentProvider {',
    '  return {',
    '    async charge() {',
    "      return { status: 'declined', reason: 'No payment provider is configured (src/payments.ts)' };",
    '    },',
    '    async refund() {},',
    '    async refundAttempt() {},',
    '  };',
    '}',
  ]);
}
