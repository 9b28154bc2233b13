/**
 * Truss auth: JWT access tokens signed with jose (EdDSA by default, key rotation, JWKS), rotating
 * opaque refresh tokens with reuse detection, failed-login throttling, immediate access revocation,
 * and the login / refresh / logout use cases — a plain function API that needs no HTTP.
 *
 * Heavier parts have entries of their own, so nothing loads what it does not use:
 * `@truss/auth/argon2` (the argon2id hasher, a native module), `@truss/auth/mfa` (TOTP second
 * factor) and `@truss/auth/password-policy` (~49 000 common passwords).
 *
 * @example
 * ```ts
 * import { createAccessTokens, createAuthService, generateSigningKey } from '@truss/auth';
 * import { createArgon2Hasher } from '@truss/auth/argon2';
 * ```
 *
 * @module @truss/auth
 */

export type { AccessTokenClaims, AccessTokenOptions, AccessTokens } from './access-tokens.js';
export { accessTokenOptionsSchema, createAccessTokens } from './access-tokens.js';
export type { PasswordChangeInput, PasswordResetInput } from './account-passwords.js';
export type { AuthService, AuthServiceDeps } from './auth-service.js';
export { createAuthService } from './auth-service.js';
export type { LoginThrottle, LoginThrottleOptions } from './login-throttle.js';
export { createLoginThrottle, loginThrottleOptionsSchema } from './login-throttle.js';
export type { MfaService } from './mfa-service.js';
export type { LoginContext, MfaChallenge } from './password-login.js';
export { isMfaChallenge, MFA_CHALLENGE_TTL } from './password-login.js';
export type { ReauthenticationProof } from './reauthentication.js';
export { hashRefreshToken, newRefreshToken } from './refresh-token.js';
export type { AccessTokenRevocations } from './revocations.js';
export { createAccessTokenRevocations } from './revocations.js';
export type { SecretBox } from './secret-box.js';
export { createSecretBox, generateEncryptionKey, loadOrCreateEncryptionKeyFile } from './secret-box.js';
export type { TokenPair } from './session-tokens.js';
export type { SigningAlgorithm, SigningKey } from './signing-keys.js';
export {
  generateSigningKey,
  loadOrCreateKeyFile,
  SIGNING_ALGORITHMS,
  signingKeySchema,
} from './signing-keys.js';
