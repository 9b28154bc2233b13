import { type ErrorCode, isTrussError, type Logger, statusOf, TrussError } from '@truss/core';
import type { ResponseHeaders, TrussResponse } from './types.js';

/** The JSON body of every error response: `{ error, message }`, plus `details` when there are any. */
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
  if (trussError.details !== undefined) body.details = trussError.details;
  const headers: ResponseHeaders = { ...trussError.headers };
  const challenge = WWW_AUTHENTICATE[trussError.code];
  if (challenge) headers['www-authenticate'] = challenge;
  return { status, headers, body };
}
