/**
 * TOTP multi-factor authentication for Truss (RFC 6238): enrollment with an `otpauth://` URI,
 * confirmation, recovery codes, verification at login, all sealed at rest. An entry of its own, so
 * an application without MFA never loads it.
 *
 * @example
 * ```ts
 * import { createSecretBox } from '@truss/auth';
 * import { createMfaService } from '@truss/auth/mfa';
 *
 * const mfa = createMfaService({ mfa: repositories.mfa, users: repositories.users, secretBox: createSecretBox(key), issuer: 'Truss' });
 * ```
 *
 * @module @truss/auth/mfa
 */

export type { MfaService, MfaServiceDeps } from './mfa-service.js';
export { createMfaService, RECOVERY_CODE_COUNT } from './mfa-service.js';
export type { TotpParameters } from './totp.js';
export { newTotpSecret, TOTP_DEFAULTS, totpCode, totpSecretFromBytes, totpUri, verifyTotp } from './totp.js';
