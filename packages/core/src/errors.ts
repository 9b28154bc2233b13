/**
 * Every error code Truss answers with, its HTTP status and what it means. This table is the one
 * place a status is chosen: the HTTP kernel and every adapter read it, none picks its own.
 *
 * The first five are the spec's (§4.3); the rest are the few Truss adds.
 */
export const ERROR_CODES = {
  invalid_credentials: { status: 401, description: 'Wrong email or password.' },
  token_expired: { status: 401, description: 'The access token has expired.' },
  forbidden: { status: 403, description: 'The caller may not do this.' },
  not_found: {
    status: 404,
    description: 'The resource does not exist (or the caller may not know it does).',
  },
  validation_error: { status: 422, description: 'The input is well-formed but invalid.' },
  unauthorized: { status: 401, description: 'No credentials were presented.' },
  invalid_token: {
    status: 401,
    description: 'The token is malformed, forged, tampered with or not trusted.',
  },
  conflict: {
    status: 409,
    description: 'The change conflicts with the current state (taken email, stale write).',
  },
  rate_limited: { status: 429, description: 'Too many requests; retry after the time in `Retry-After`.' },
  bad_request: { status: 400, description: 'The request cannot be read (malformed JSON, for example).' },
  payload_too_large: { status: 413, description: 'The request body is larger than the configured limit.' },
  unsupported_media_type: {
    status: 415,
    description: 'The request body is not of a type the endpoint reads.',
  },
  method_not_allowed: { status: 405, description: 'The path exists, but not for this method.' },
  internal_error: { status: 500, description: 'An unexpected failure; details are in the server log only.' },
  service_unavailable: { status: 503, description: 'A dependency (database, cache) is unavailable.' },
  payment_declined: {
    status: 402,
    description: 'The payment provider declined the payment; the order stays pending.',
  },
  uri_too_long: { status: 414, description: 'A path parameter is longer than the router accepts.' },
  headers_too_large: {
    status: 431,
    description: 'The request line and headers are larger than the server accepts (16 KiB).',
  },
  request_timeout: { status: 408, description: 'The request was not received in time.' },
  reauthentication_required: {
    status: 403,
    description:
      'The change needs a recent proof of the password or second factor: POST /api/v1/auth/reauthenticate, then retry.',
  },
  idempotency_key_reused: {
    status: 422,
    description: 'The Idempotency-Key was first used with another request (method, path or body).',
  },
  idempotency_key_in_use: {
    status: 409,
    description: 'A request with this Idempotency-Key is still being processed; retry after `Retry-After`.',
  },
} as const satisfies Record<string, { status: number; description: string }>;

/** One of the codes of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem with one input field, as carried in `details` of a `validation_error`. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `items.0.quantity`; empty for the whole input. */
  path: string;
  /** What is wrong, in words a client developer understands. */
  message: string;
}

/** Options of a {@link TrussError}. */
export interface TrussErrorOptions {
  /** Machine-readable detail sent to the client (e.g. the field issues of a validation error). */
  details?: unknown;
  /** The underlying error; logged, never sent to the client. */
  cause?: unknown;
  /** Response headers that belong to this error, e.g. `Retry-After` for `rate_limited`. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * The one error type of Truss. `code` says what went wrong, `status` is the HTTP status that code
 * maps to, `message` is safe to show to a client. The stack and `cause` are for logs only.
 *
 * @example
 * ```ts
 * throw new TrussError('not_found', 'User not found');
 * ```
 */
export class TrussError extends Error {
  override readonly name = 'TrussError';
  /** The error code, one of {@link ERROR_CODES}. */
  readonly code: ErrorCode;
  /** Client-visible detail; `undefined` when there is none. */
  readonly details: unknown;
  /** Headers the HTTP response must carry. */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(code: ErrorCode, message: string, options: TrussErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }

  /** The HTTP status of this error's code. */
  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

/**
 * Whether `value` is a {@link TrussError}. Works across copies of the package (it checks the
 * shape, not the class identity).
 */
export function isTrussError(value: unknown): value is TrussError {
  return (
    value instanceof TrussError ||
    (value instanceof Error &&
      value.name === 'TrussError' &&
      typeof (value as { code?: unknown }).code === 'string' &&
      Object.hasOwn(ERROR_CODES, (value as unknown as { code: string }).code))
  );
}

/**
 * The HTTP status of an error code.
 *
 * @example
 * ```ts
 * statusOf('conflict'); // 409
 * ```
 */
export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}
