/**
 * Where a payment attempt stands: `charging` (one request holds it and is asking the provider),
 * `unknown` (the provider did not answer in time: it may have charged), `succeeded`, `declined`,
 * `refunded` (it succeeded, but the order had moved on).
 *
 * @example
 * ```ts
 * const state: PaymentAttemptState = 'charging';
 * ```
 */
export type PaymentAttemptState = 'charging' | 'unknown' | 'succeeded' | 'declined' | 'refunded';

/**
 * One attempt to pay one version of an order: its provider idempotency key is derived from the
 * same pair, so there is at most one charge per row.
 *
 * @example
 * ```ts
 * const attempt: PaymentAttempt = { orderId, orderVersion: 1, state: 'charging', claimedAt: new Date() };
 * ```
 */
export interface PaymentAttempt {
  orderId: string;
  orderVersion: number;
  state: PaymentAttemptState;
  claimedAt: Date;
}

/**
 * Payment attempts, one per order version, claimed before the provider is called so that two
 * requests never charge the same order at once, on one instance or many.
 *
 * @example
 * ```ts
 * if (!(await attempts.claim(order.id, order.version, now, staleBefore))) throw new TrussError('conflict', 'A payment is in progress');
 * ```
 */
export interface PaymentAttemptRepository {
  /**
   * Claims the attempt of `orderId` at `orderVersion` for the caller: creates it as `charging`, or
   * takes over one left `unknown` (a timed-out attempt, whose retry replays the same provider key)
   * or `charging` since before `staleBefore` (its instance died). Returns `false` when another
   * request holds it, or it has an outcome. One conditional statement each, so exactly one of
   * several concurrent callers gets `true`.
   */
  claim(orderId: string, orderVersion: number, now: Date, staleBefore: Date): Promise<boolean>;
  /** Records the outcome of a claimed attempt. */
  settle(
    orderId: string,
    orderVersion: number,
    state: Exclude<PaymentAttemptState, 'charging'>,
  ): Promise<void>;
  /** The attempt, or `null`. */
  find(orderId: string, orderVersion: number): Promise<PaymentAttempt | null>;
}
