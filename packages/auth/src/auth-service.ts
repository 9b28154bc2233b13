import {
  type AuditLogRepository,
  type Clock,
  type Logger,
  type LoginInput,
  type Mailer,
  type MfaLoginInput,
  type PasswordHasher,
  type PasswordPolicy,
  type PasswordResetRepository,
  type Principal,
  parseInput,
  type RefreshTokenRepository,
  systemClock,
  type UserRepository,
} from '@truss/core';
import { z } from 'zod';
import type { AccessTokens } from './access-tokens.js';
import {
  createAccountPasswords,
  type PasswordChangeInput,
  type PasswordResetInput,
} from './account-passwords.js';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.js';
import type { MfaService } from './mfa-service.js';
import { createPasswordLogin, type LoginContext, type MfaChallenge } from './password-login.js';
import { createReauthentication, type ReauthenticationProof } from './reauthentication.js';
import type { AccessTokenRevocations } from './revocations.js';
import { createSecurityAudit } from './security-audit.js';
import { createSessionTokens, type TokenPair } from './session-tokens.js';

/**
 * What {@link createAuthService} needs.
 *
 * @example
 * ```ts
 * const deps: AuthServiceDeps = { users, refreshTokens, hasher: createArgon2Hasher(), accessTokens };
 * ```
 */
export interface AuthServiceDeps {
  users: UserRepository;
  refreshTokens: RefreshTokenRepository;
  hasher: PasswordHasher;
  accessTokens: AccessTokens;
  /** Refresh token lifetime in seconds. Default 604 800 (7 days). */
  refreshTokenTtlSeconds?: number;
  /** Failed-login throttling. Default: {@link createLoginThrottle} with an in-memory store. */
  throttle?: LoginThrottle;
  /** TOTP second factor (`@truss/auth/mfa`); without it, login never asks for one. */
  mfa?: MfaService;
  /**
   * Immediate revocation of access tokens on logout, reuse detection and {@link AuthService.revokeAccess}.
   * Without it, access tokens stay valid until they expire.
   */
  revocations?: AccessTokenRevocations;
  /**
   * Where security events go: `auth.login`, `auth.login_failed` (with the user's id when the email is
   * known; never the email),
   * `auth.refresh_reuse`, `auth.logout_all`. Default: not recorded.
   */
  audit?: Pick<AuditLogRepository, 'record'>;
  /**
   * Absolute lifetime of a session in seconds, counted from its login: refreshing never extends it.
   * Default 2 592 000 (30 days).
   */
  sessionMaxAgeSeconds?: number;
  /** How long a password or code proof counts as recent for sensitive changes, seconds. Default 300. */
  reauthWindowSeconds?: number;
  /** Checked on a changed or reset password (e.g. `createPasswordPolicy()`); the length rules always apply. */
  passwordPolicy?: PasswordPolicy;
  /** Password-reset tokens; with `mailer`, enables the forgotten-password flow. */
  passwordResets?: PasswordResetRepository;
  /** Sends password-reset emails. */
  mailer?: Mailer;
  /** How long a password-reset token is valid, seconds. Default 1800 (30 minutes). */
  passwordResetTtlSeconds?: number;
  /** Where failures of work done after answering (the reset email) are logged. */
  logger?: Logger;
  clock?: Clock;
}

/**
 * Login, token refresh and logout (spec §5.1 `AuthService`), without HTTP. Registration is the
 * user service's (`createUserService` of `@truss/core`).
 *
 * @example
 * ```ts
 * const result = await auth.login({ email: 'ada@example.com', password: 'correct horse battery staple' });
 * if (!isMfaChallenge(result)) await auth.refresh(result.refreshToken);
 * ```
 */
export interface AuthService {
  /**
   * Exchanges credentials for tokens. Unknown email and wrong password both throw
   * `invalid_credentials` with the same message, after the same work. Too many failures for the
   * account from `context.ip` throw `rate_limited` with `Retry-After` (see {@link createLoginThrottle}).
   * A user with MFA on gets an {@link MfaChallenge} instead of tokens.
   */
  login(input: LoginInput, context?: LoginContext): Promise<TokenPair | MfaChallenge>;
  /**
   * Second step of an MFA login: the challenge token and a TOTP code (or a recovery code) for
   * tokens. A wrong code throws `invalid_credentials`; an expired challenge `token_expired`.
   */
  completeMfaLogin(input: MfaLoginInput, context?: LoginContext): Promise<TokenPair>;
  /**
   * Rotates a refresh token: the presented one is used up and a new pair is returned. A token
   * presented a second time revokes its whole family (theft detection) and throws `invalid_token`.
   */
  refresh(refreshToken: string): Promise<TokenPair>;
  /** Revokes the family of `refreshToken`. Unknown tokens are ignored (logout is idempotent). */
  logout(refreshToken: string): Promise<void>;
  /**
   * Revokes one session (refresh-token family), e.g. the `sessionId` of a verified access token.
   * Trusted input: pass only ids that come from verified tokens or your own records.
   */
  logoutSession(sessionId: string): Promise<void>;
  /** Revokes every refresh token of a user (and, with `revocations`, every access token). */
  logoutEverywhere(userId: string): Promise<void>;
  /**
   * Makes the user's current access tokens stop working now (with `revocations`), e.g. after a role
   * change, while refresh tokens stay valid so the client gets a token with the new role.
   */
  revokeAccess(userId: string): Promise<void>;
  /** Verifies an access token; the kernel's `authenticate`. */
  authenticate(accessToken: string): Promise<Principal>;
  /**
   * Changes the caller's password: the current one must be right (else 422 `validation_error` on
   * `current_password`, throttled like logins) and the new one pass the policy. Every other session
   * of the user is revoked, its access tokens included; the caller's stays.
   */
  changePassword(principal: Principal, input: PasswordChangeInput, context?: LoginContext): Promise<void>;
  /**
   * Starts a forgotten-password reset: resolves at once for any well-formed email; when it is an
   * account's, a single-use token (only its hash stored) is mailed afterwards.
   */
  requestPasswordReset(email: string): Promise<void>;
  /**
   * Sets a new password with a reset token and revokes every session of the user. An unknown or
   * used token throws `invalid_token`, an expired one `token_expired`.
   */
  resetPassword(input: PasswordResetInput, context?: LoginContext): Promise<void>;
  /** Proves the password (or a TOTP code) again in the caller's session, for sensitive changes. */
  reauthenticate(principal: Principal, proof: ReauthenticationProof, context?: LoginContext): Promise<void>;
  /** Throws 403 `reauthentication_required` unless the caller's session proved itself recently. */
  requireRecentAuthentication(principal: Principal): Promise<void>;
}

/**
 * Builds the {@link AuthService} from its parts: password login (`password-login.ts`), session
 * rotation (`session-tokens.ts`) and the security audit (`security-audit.ts`).
 *
 * @example
 * ```ts
 * const auth = createAuthService({ users, refreshTokens, hasher: createArgon2Hasher(), accessTokens });
 * const tokens = await auth.login({ email: 'alice@example.com', password: 'correct horse battery' });
 * ```
 */
export function createAuthService(deps: AuthServiceDeps): AuthService {
  const clock = deps.clock ?? systemClock;
  const refreshTtlSeconds = parseInput(
    z
      .number()
      .int()
      .min(60)
      .max(365 * 86_400),
    deps.refreshTokenTtlSeconds ?? 604_800,
    'refresh token lifetime',
  );
  const seconds = (max: number, value: number, label: string) =>
    parseInput(z.number().int().min(1).max(max), value, label);
  const sessionMaxAge = seconds(365 * 86_400, deps.sessionMaxAgeSeconds ?? 2_592_000, 'session maximum age');
  const reauthWindow = seconds(86_400, deps.reauthWindowSeconds ?? 300, 're-authentication window');
  const resetTtl = seconds(86_400, deps.passwordResetTtlSeconds ?? 1800, 'password reset lifetime');
  const throttle = deps.throttle ?? createLoginThrottle();
  const audit = createSecurityAudit(deps.audit, clock);
  const sessions = createSessionTokens({
    users: deps.users,
    refreshTokens: deps.refreshTokens,
    accessTokens: deps.accessTokens,
    revocations: deps.revocations,
    audit,
    clock,
    refreshTtlMs: refreshTtlSeconds * 1000,
    sessionMaxAgeMs: sessionMaxAge * 1000,
  });
  const passwords = createAccountPasswords({
    users: deps.users,
    hasher: deps.hasher,
    passwordPolicy: deps.passwordPolicy,
    refreshTokens: deps.refreshTokens,
    revocations: deps.revocations,
    throttle,
    resets: deps.passwordResets,
    mailer: deps.mailer,
    resetTtlMs: resetTtl * 1000,
    audit,
    logger: deps.logger,
    clock,
  });
  const reauthentication = createReauthentication({
    users: deps.users,
    hasher: deps.hasher,
    refreshTokens: deps.refreshTokens,
    throttle,
    mfa: deps.mfa,
    windowMs: reauthWindow * 1000,
    audit,
    clock,
  });
  const { login, completeMfaLogin } = createPasswordLogin({
    users: deps.users,
    hasher: deps.hasher,
    throttle,
    mfa: deps.mfa,
    accessTokens: deps.accessTokens,
    sessions,
    audit,
    clock,
  });
  return {
    login,
    completeMfaLogin,
    refresh: sessions.refresh,
    logout: sessions.logout,
    logoutSession: sessions.logoutSession,
    logoutEverywhere: sessions.logoutEverywhere,
    async revokeAccess(userId) {
      await deps.revocations?.revokeUser(userId);
    },
    async authenticate(accessToken) {
      const claims = await deps.accessTokens.verify(accessToken);
      return { userId: claims.userId, role: claims.role, sessionId: claims.sessionId };
    },
    ...passwords,
    ...reauthentication,
  };
}
