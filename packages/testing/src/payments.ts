/**
 * The deterministic test payment provider, on its own entry so that a server can use it in
 * development without loading the test kit (`@truss/testing`'s main entry imports vitest).
 *
 * @example
 * ```ts
 * import { createTestPaymentProvider } from '@truss/testing/payments';
 *
 * const payments = createTestPaymentProvider(); // tok_decline declines, tok_timeout never answers
 * ```
 *
 * @module @truss/testing/payments
 */

export type { TestCharge, TestPaymentProvider } from './test-payment-provider.js';
export { createTestPaymentProvider, TEST_PAYMENT_TOKENS } from './test-payment-provider.js';
