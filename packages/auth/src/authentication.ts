/**
 * The whole authentication in one call: `createAuthentication` wires access tokens, revocations,
 * sessions, login throttling, TOTP MFA and password reset together. An entry of its own because it
 * loads the MFA code (`otpauth`), which the main entry does not.
 *
 * @example
 * ```ts
 * import { createAuthentication } from '@truss/auth/authentication';
 *
 * const { auth, accessTokens, mfa } = await createAuthentication({ users, repositories, hasher, tokens });
 * ```
 *
 * @module @truss/auth/authentication
 */

export type { Authentication, AuthenticationOptions } from './create-authentication.js';
export { createAuthentication } from './create-authentication.js';
