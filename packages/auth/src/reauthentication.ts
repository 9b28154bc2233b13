import {
  type Clock,
  type PasswordHasher,
  type Principal,
  parseInput,
  type RefreshTokenRepository,
  TrussError,
  type UserRepository,
} from '@truss/core';
import { z } from 'zod';
import type { LoginThrottle } from './login-throttle.js';
import type { MfaService } from './mfa-service.js';
import type { LoginContext } from './password-login.js';
import type { SecurityAudit } from './security-audit.js';

/**
 * A fresh proof for {@link createReauthentication}: the password, or a current TOTP code.
 *
 * @example
 * ```ts
 * const proof: ReauthenticationProof = { password: 'correct horse battery staple' };
 * ```
 */
export type ReauthenticationProof = { password: string } | { code: string };

/** What {@link createReauthentication} needs. */
export interface ReauthenticationDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  refreshTokens: RefreshTokenRepository;
  throttle: LoginThrottle;
  mfa: MfaService | undefined;
  /** How long a proof counts as recent, ms. */
  windowMs: number;
  audit: SecurityAudit;
  clock: Clock;
}

const proofSchema = z.union([
  z.strictObject({ password: z.string().min(1).max(1024) }),
  z.strictObject({ code: z.string().trim().min(1).max(16) }),
]);

const wrong = (path: string, message: string) =>
  new TrussError('validation_error', message, { details: [{ path, message }] });

/**
 * Re-authentication for sensitive changes (ASVS 3.7.1): a session proves the password or a TOTP
 * code again, and changes such as the email or MFA then need a proof within the window.
 *
 * @example
 * ```ts
 * const reauth = createReauthentication({ users, hasher, refreshTokens, throttle, mfa, windowMs: 300_000, audit, clock });
 * await reauth.requireRecentAuthentication(principal); // 403 reauthentication_required when stale
 * ```
 */
export function createReauthentication(deps: ReauthenticationDeps) {
  const { clock } = deps;

  async function reauthenticate(
    principal: Principal,
    proof: ReauthenticationProof,
    context: LoginContext = {},
  ): Promise<void> {
    const data = parseInput(proofSchema, proof, 'proof');
    const user = await deps.users.findById(principal.userId);
    if (!user || !principal.sessionId) throw new TrussError('invalid_token', 'Access token is not valid');
    if ('password' in data) {
      await deps.throttle.attempt(user.email, context.ip);
      if (!(await deps.hasher.verify(user.passwordHash, data.password)).valid) {
        await deps.audit('auth.reauthentication_failed', user.id, context.ip);
        throw wrong('password', 'The password is wrong');
      }
      await deps.throttle.recordSuccess(user.email, context.ip);
    } else {
      if (!deps.mfa || !(await deps.mfa.isEnabled(user.id))) {
        throw wrong('code', 'Multi-factor authentication is not on: re-authenticate with the password');
      }
      if (!(await deps.mfa.verify(user.id, { code: data.code }, context))) {
        await deps.audit('auth.reauthentication_failed', user.id, context.ip);
        throw wrong('code', 'The code is wrong, expired or already used');
      }
    }
    if (!(await deps.refreshTokens.markAuthenticated(principal.sessionId, clock.now()))) {
      throw new TrussError('invalid_token', 'The session has ended; log in again');
    }
    await deps.audit('auth.reauthenticated', user.id, context.ip);
  }

  async function requireRecentAuthentication(principal: Principal): Promise<void> {
    const session = principal.sessionId ? await deps.refreshTokens.findSession(principal.sessionId) : null;
    const recent =
      session !== null &&
      session.revokedAt === null &&
      clock.now().getTime() - session.authenticatedAt.getTime() <= deps.windowMs;
    if (!recent) {
      throw new TrussError(
        'reauthentication_required',
        'This change needs a recent authentication: POST /api/v1/auth/reauthenticate with your password or code, then retry',
      );
    }
  }

  return { reauthenticate, requireRecentAuthentication };
}
