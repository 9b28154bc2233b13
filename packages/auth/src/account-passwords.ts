import {
  type Clock,
  emailSchema,
  type Logger,
  type Mailer,
  type PasswordHasher,
  type PasswordPolicy,
  type PasswordResetRepository,
  type Principal,
  parseInput,
  passwordSchema,
  type RefreshTokenRepository,
  TrussError,
  type User,
  type UserRepository,
} from '@truss/core';
import { z } from 'zod';
import type { LoginThrottle } from './login-throttle.js';
import type { LoginContext } from './password-login.js';
import { hashRefreshToken, newRefreshToken } from './refresh-token.js';
import type { AccessTokenRevocations } from './revocations.js';
import type { SecurityAudit } from './security-audit.js';

/**
 * A password change by its owner.
 *
 * @example
 * ```ts
 * const input: PasswordChangeInput = { currentPassword: 'old one', newPassword: 'correct horse battery staple' };
 * ```
 */
export interface PasswordChangeInput {
  currentPassword: string;
  newPassword: string;
}

/**
 * A password reset with the token of a reset email.
 *
 * @example
 * ```ts
 * const input: PasswordResetInput = { token: fromTheEmail, newPassword: 'correct horse battery staple' };
 * ```
 */
export interface PasswordResetInput {
  token: string;
  newPassword: string;
}

/** What {@link createAccountPasswords} needs. */
export interface AccountPasswordsDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  passwordPolicy: PasswordPolicy | undefined;
  refreshTokens: RefreshTokenRepository;
  revocations: AccessTokenRevocations | undefined;
  throttle: LoginThrottle;
  resets: PasswordResetRepository | undefined;
  mailer: Mailer | undefined;
  /** How long a reset token is valid, ms. */
  resetTtlMs: number;
  audit: SecurityAudit;
  logger: Logger | undefined;
  clock: Clock;
}

const changeSchema = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: passwordSchema,
});
const resetSchema = z.strictObject({ token: z.string().min(1).max(512), newPassword: passwordSchema });

/**
 * Changing a password (with the current one), and resetting a forgotten one by email.
 *
 * @example
 * ```ts
 * const passwords = createAccountPasswords({ users, hasher, passwordPolicy, refreshTokens, revocations, throttle, resets, mailer, resetTtlMs: 1_800_000, audit, logger, clock });
 * await passwords.changePassword(principal, { currentPassword, newPassword });
 * ```
 */
export function createAccountPasswords(deps: AccountPasswordsDeps) {
  const { clock } = deps;

  async function newHash(user: User, password: string, field: string): Promise<string> {
    const problem = deps.passwordPolicy?.(password, { email: user.email }) ?? null;
    if (problem !== null) {
      throw new TrussError('validation_error', 'Invalid password', {
        details: [{ path: field, message: problem }],
      });
    }
    return deps.hasher.hash(password);
  }

  async function changePassword(
    principal: Principal,
    input: PasswordChangeInput,
    context: LoginContext = {},
  ): Promise<void> {
    const data = parseInput(changeSchema, input, 'password change');
    const user = await deps.users.findById(principal.userId);
    if (!user) throw new TrussError('invalid_token', 'Access token is not valid');
    // A stolen access token must not make the current password guessable faster than a login.
    await deps.throttle.attempt(user.email, context.ip);
    if (!(await deps.hasher.verify(user.passwordHash, data.currentPassword)).valid) {
      await deps.audit('auth.password_change_failed', user.id, context.ip);
      throw new TrussError('validation_error', 'The current password is wrong', {
        details: [{ path: 'current_password', message: 'The current password is wrong' }],
      });
    }
    await deps.throttle.recordSuccess(user.email, context.ip);
    await deps.users.updatePasswordHash(user.id, await newHash(user, data.newPassword, 'new_password'));
    const ended = await deps.refreshTokens.revokeOtherSessions(user.id, principal.sessionId, clock.now());
    for (const sessionId of ended) await deps.revocations?.revokeSession(sessionId);
    await deps.audit('auth.password_changed', user.id, context.ip, { sessionsRevoked: ended.length });
  }

  async function sendResetEmail(email: string): Promise<void> {
    const { resets, mailer } = deps;
    const user = await deps.users.findByEmail(email);
    if (!user || !resets || !mailer) return;
    const token = newRefreshToken();
    const now = clock.now();
    await resets.create({
      id: globalThis.crypto.randomUUID(),
      userId: user.id,
      tokenHash: hashRefreshToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + deps.resetTtlMs),
      usedAt: null,
    });
    const minutes = Math.round(deps.resetTtlMs / 60_000);
    await mailer.send({
      to: user.email,
      subject: 'Reset your password',
      text: [
        'Someone asked to reset the password of your account. If it was not you, ignore this email.',
        '',
        `Your password reset token (valid for ${minutes} minutes, once):`,
        '',
        token,
        '',
        'Send it with your new password to POST /api/v1/auth/password/reset.',
      ].join('\n'),
    });
    await deps.audit('auth.password_reset_requested', user.id, undefined);
  }

  /**
   * Validates the email, then looks the account up and mails a token **after** answering: the
   * answer and its timing are the same for every address.
   */
  async function requestPasswordReset(email: string): Promise<void> {
    const address = parseInput(emailSchema, email, 'email');
    if (!deps.resets || !deps.mailer) {
      throw new TrussError('service_unavailable', 'Password reset is not configured');
    }
    sendResetEmail(address).catch((error: unknown) => {
      deps.logger?.error({ err: error }, 'password reset email failed');
    });
  }

  async function resetPassword(input: PasswordResetInput, context: LoginContext = {}): Promise<void> {
    const data = parseInput(resetSchema, input, 'password reset');
    if (!deps.resets) throw new TrussError('service_unavailable', 'Password reset is not configured');
    const tokenHash = hashRefreshToken(data.token);
    const refuse = (status: 'invalid' | 'expired') =>
      status === 'expired'
        ? new TrussError('token_expired', 'The password reset token has expired; ask for a new one')
        : new TrussError('invalid_token', 'The password reset token is unknown or was already used');
    const found = await deps.resets.find(tokenHash, clock.now());
    if (found.status !== 'valid') throw refuse(found.status);
    const user = await deps.users.findById(found.userId);
    if (!user) throw refuse('invalid');
    const hash = await newHash(user, data.newPassword, 'new_password');
    const used = await deps.resets.use(tokenHash, clock.now());
    if (used.status !== 'valid') throw refuse(used.status);
    await deps.users.updatePasswordHash(user.id, hash);
    await deps.refreshTokens.revokeAllForUser(user.id, clock.now());
    await deps.revocations?.revokeUser(user.id);
    await deps.audit('auth.password_reset', user.id, context.ip);
  }

  return { changePassword, requestPasswordReset, resetPassword };
}
