/**
 * Truss auth: argon2id password hashing, JWT access tokens signed with jose (EdDSA by default, key
 * rotation, JWKS), rotating opaque refresh tokens with reuse detection, and the register / login /
 * refresh / logout use cases — a plain function API that needs no HTTP.
 *
 * @example
 * ```ts
 * import { createAccessTokens, createArgon2Hasher, createAuthService, generateSigningKey } from '@truss/auth';
 * ```
 *
 * @module @truss/auth
 */

export type { AccessTokenClaims, AccessTokenOptions, AccessTokens } from './access-tokens.js';
export { accessTokenOptionsSchema, createAccessTokens } from './access-tokens.js';
export type { Argon2Options } from './argon2-hasher.js';
export { argon2OptionsSchema, createArgon2Hasher } from './argon2-hasher.js';
export type {
  AuthService,
  AuthServiceDeps,
  LoginContext,
  LoginInput,
  MfaChallenge,
  MfaLoginInput,
  TokenPair,
} from './auth-service.js';
export {
  createAuthService,
  isMfaChallenge,
  loginInputSchema,
  MFA_CHALLENGE_TTL,
  mfaLoginInputSchema,
} from './auth-service.js';
export type { LoginThrottle, LoginThrottleOptions, ThrottleState, ThrottleStore } from './login-throttle.js';
export {
  createLoginThrottle,
  createMemoryThrottleStore,
  loginThrottleOptionsSchema,
} from './login-throttle.js';
export type { MfaService, MfaServiceDeps, SecondFactor } from './mfa-service.js';
export { createMfaService, RECOVERY_CODE_COUNT, secondFactorSchema } from './mfa-service.js';
export { createPasswordPolicy } from './password-policy.js';
export { hashRefreshToken, newRefreshToken } from './refresh-token.js';
export type { AccessTokenRevocations } from './revocations.js';
export { createAccessTokenRevocations } from './revocations.js';
export type { SecretBox } from './secret-box.js';
export { createSecretBox, generateEncryptionKey, loadOrCreateEncryptionKeyFile } from './secret-box.js';
export type { SigningAlgorithm, SigningKey } from './signing-keys.js';
export {
  generateSigningKey,
  loadOrCreateKeyFile,
  SIGNING_ALGORITHMS,
  signingKeySchema,
} from './signing-keys.js';
export type { TotpParameters } from './totp.js';
export { newTotpSecret, TOTP_DEFAULTS, totpCode, totpSecretFromBytes, totpUri, verifyTotp } from './totp.js';
