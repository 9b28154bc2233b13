import { z } from 'zod';
import { emailSchema } from './user.js';

/**
 * Credentials of a password login. The email is normalized (trimmed, lower-cased); the password
 * is bounded so a huge one costs nothing, and longer than any password registration accepts.
 *
 * @example
 * ```ts
 * loginInputSchema.parse({ email: 'Ada@Example.com', password: 'correct horse battery staple' });
 * ```
 */
export const loginInputSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(1024),
});

/**
 * Credentials of a password login; see {@link loginInputSchema}.
 *
 * @example
 * ```ts
 * const credentials: LoginInput = { email: 'ada@example.com', password: 'correct horse battery staple' };
 * ```
 */
export type LoginInput = z.input<typeof loginInputSchema>;

const totpCodeSchema = z.string().trim().min(1).max(16);
const recoveryCodeSchema = z.string().trim().min(1).max(64);

/**
 * Proof of the second factor: a current TOTP code or an unused recovery code.
 *
 * @example
 * ```ts
 * secondFactorSchema.parse({ code: '123456' });
 * ```
 */
export const secondFactorSchema = z.union([
  z.strictObject({ code: totpCodeSchema }),
  z.strictObject({ recoveryCode: recoveryCodeSchema }),
]);

/**
 * Proof of the second factor; see {@link secondFactorSchema}.
 *
 * @example
 * ```ts
 * const proof: SecondFactor = { recoveryCode: 'abcde-fghij' };
 * ```
 */
export type SecondFactor = z.input<typeof secondFactorSchema>;

/**
 * The second step of an MFA login: the challenge token login answered, and a TOTP code or a
 * recovery code.
 *
 * @example
 * ```ts
 * mfaLoginInputSchema.parse({ mfaToken, code: '123456' });
 * ```
 */
export const mfaLoginInputSchema = z.union([
  z.strictObject({ mfaToken: z.string().min(1).max(4096), code: totpCodeSchema }),
  z.strictObject({ mfaToken: z.string().min(1).max(4096), recoveryCode: recoveryCodeSchema }),
]);

/**
 * The second step of an MFA login; see {@link mfaLoginInputSchema}.
 *
 * @example
 * ```ts
 * const input: MfaLoginInput = { mfaToken, code: '123456' };
 * ```
 */
export type MfaLoginInput = z.input<typeof mfaLoginInputSchema>;
