import { createTrussClient, isTrussClientError } from '@truss/client';

/**
 * The one client of the app: same origin (the reference server serves the app and the API, or
 * Vite's dev server proxies the API), the refresh token in the HttpOnly cookie only.
 */
export const api = createTrussClient({ refreshToken: 'cookie' });

/** A message fit to show a person for any failure of a call. */
export function messageOf(error: unknown): string {
  if (isTrussClientError(error)) {
    if (error.code === 'network_error')
      return 'The server cannot be reached. Check your connection and try again.';
    if (error.code === 'rate_limited')
      return `Too many attempts. Try again in ${error.retryAfterSeconds ?? 60} seconds.`;
    return error.message;
  }
  return 'Something went wrong. Try again.';
}

/** Whether a failure is the API's 403: the page then says so instead of failing. */
export function isForbidden(error: unknown): boolean {
  return isTrussClientError(error) && error.code === 'forbidden';
}
