import {
  type AuditLogRepository,
  type Clock,
  type LoginInput,
  type MfaLoginInput,
  type PasswordHasher,
  type Principal,
  parseInput,
  type RefreshTokenRepository,
  systemClock,
  type UserRepository,
} from '@truss/core';
import { z } from 'zod';
import type { AccessTokens } from './access-tokens.js';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.js';
import type { MfaService } from './mfa-service.js';
import { createPasswordLogin, type LoginContext, type MfaChallenge } from './password-login.js';
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
  const audit = createSecurityAudit(deps.audit, clock);
  const sessions = createSessionTokens({
    users: deps.users,
    refreshTokens: deps.refreshTokens,
    accessTokens: deps.accessTokens,
    revocations: deps.revocations,
    audit,
    clock,
    refreshTtlMs: refreshTtlSeconds * 1000,
  });
  const { login, completeMfaLogin } = createPasswordLogin({
    users: deps.users,
    hasher: deps.hasher,
    throttle: deps.throttle ?? createLoginThrottle(),
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
  };
}
