import { type ErrorCode, isTrussError, type Logger, statusOf, TrussError } from '@truss/core';
import type { ResponseHeaders, TrussResponse } from './types.js';

/**
 * The JSON body of every error response: `{ error, message }`, plus `details` for the codes of
 * {@link CODES_WITH_DETAILS} when the error has some.
 */
export interface ErrorBody {
  error: ErrorCode;
  message: string;
  details?: unknown;
}

const WWW_AUTHENTICATE: Partial<Record<ErrorCode, string>> = {
  unauthorized: 'Bearer',
  invalid_token: 'Bearer error="invalid_token"',
  token_expired: 'Bearer error="invalid_token", error_description="The access token expired"',
};

/**
 * The codes whose `details` reach the client (`docs/errors.md` gives each shape):
 * `validation_error` (the field issues), `forbidden` (the missing permission, or the fields the
 * caller may not write) and `conflict` (what the change conflicts with, e.g. the current version).
 * Details of any other code stay on the server.
 *
 * @example
 * ```ts
 * CODES_WITH_DETAILS.has('conflict'); // true
 * ```
 */
export const CODES_WITH_DETAILS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'validation_error',
  'forbidden',
  'conflict',
]);

/**
 * Renders any thrown value as an error response. A `TrussError` answers its code's status with its
 * message; anything else is logged with its stack and answers a bare `500 internal_error`, so no
 * internals reach the client.
 */
export function renderError(error: unknown, logger: Logger, requestId?: string): TrussResponse {
  const known = isTrussError(error) ? error : null;
  const trussError = known ?? new TrussError('internal_error', 'Internal server error', { cause: error });
  const status = statusOf(trussError.code);
  if (status >= 500) {
    logger.error({ err: known ? trussError : error, requestId }, 'request failed');
  }
  const body: ErrorBody = { error: trussError.code, message: trussError.message };
  if (trussError.details !== undefined && CODES_WITH_DETAILS.has(trussError.code)) {
    body.details = trussError.details;
  }
  const headers: ResponseHeaders = { ...trussError.headers };
  const challenge = WWW_AUTHENTICATE[trussError.code];
  if (challenge) headers['www-authenticate'] = challenge;
  return { status, headers, body };
}
