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
export type { AuthService, AuthServiceDeps, LoginInput, TokenPair } from './auth-service.js';
export { createAuthService, loginInputSchema } from './auth-service.js';
export { hashRefreshToken, newRefreshToken } from './refresh-token.js';
export type { SigningAlgorithm, SigningKey } from './signing-keys.js';
export {
  generateSigningKey,
  loadOrCreateKeyFile,
  SIGNING_ALGORITHMS,
  signingKeySchema,
} from './signing-keys.js';
