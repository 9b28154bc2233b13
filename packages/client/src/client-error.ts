import type { ErrorBody } from '@truss/api/contract';
import type { FieldIssue } from '@truss/core';

/**
 * What went wrong: one of the API's error codes (spec §4.3 and the few Truss adds), or
 * `network_error` (no answer: the server is down, the network failed, CORS refused the request) or
 * `invalid_response` (an answer that is not the API's: a proxy's error page, a body that does not
 * match the contract when `validateResponses` is on).
 *
 * @example
 * ```ts
 * const code: TrussClientErrorCode = 'token_expired';
 * ```
 */
export type TrussClientErrorCode = ErrorBody['error'] | 'network_error' | 'invalid_response';

/** Options of a {@link TrussClientError}. */
export interface TrussClientErrorOptions {
  /** The HTTP status; 0 when there was no answer. */
  status: number;
  /** The `details` of the error body (the field issues of a `validation_error`). */
  details?: unknown;
  /** Seconds to wait before retrying, from `Retry-After` (a `rate_limited` answer). */
  retryAfterSeconds?: number;
  /** The underlying failure (the fetch error of a `network_error`). */
  cause?: unknown;
}

/**
 * The error every call of the client throws when it does not succeed: the API's `code` and
 * `message`, the HTTP `status` and the `details`.
 *
 * @example
 * ```ts
 * try {
 *   await client.orders.pay({ params: { id }, body: { payment_token: 'tok_visa' } });
 * } catch (error) {
 *   if (error instanceof TrussClientError && error.code === 'payment_declined') showDeclined();
 *   else throw error;
 * }
 * ```
 */
export class TrussClientError extends Error {
  override readonly name = 'TrussClientError';
  /** The error code; see {@link TrussClientErrorCode}. */
  readonly code: TrussClientErrorCode;
  /** The HTTP status; 0 for a `network_error`. */
  readonly status: number;
  /** The `details` of the error body; `undefined` when there were none. */
  readonly details: unknown;
  /** Seconds to wait before retrying, when the server said (`Retry-After`). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: TrussClientErrorCode, message: string, options: TrussClientErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /**
   * The field issues of a `validation_error` (`[{ path: 'items.0.quantity', message }]`, paths as
   * the client sent them); empty for any other error.
   *
   * @example
   * ```ts
   * for (const issue of error.fieldIssues) form.setError(issue.path, issue.message);
   * ```
   */
  get fieldIssues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (issue): issue is FieldIssue =>
        typeof issue === 'object' &&
        issue !== null &&
        typeof (issue as FieldIssue).path === 'string' &&
        typeof (issue as FieldIssue).message === 'string',
    );
  }
}

/**
 * Whether `value` is a {@link TrussClientError}. Works across copies of the package (it checks the
 * shape, not the class identity).
 *
 * @example
 * ```ts
 * if (isTrussClientError(error) && error.status === 403) showForbidden();
 * ```
 */
export function isTrussClientError(value: unknown): value is TrussClientError {
  return (
    value instanceof TrussClientError ||
    (value instanceof Error &&
      value.name === 'TrussClientError' &&
      typeof (value as { code?: unknown }).code === 'string' &&
      typeof (value as { status?: unknown }).status === 'number')
  );
}
