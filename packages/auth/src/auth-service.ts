import {
  type AuditLogRepository,
  type Clock,
  createUserService,
  emailSchema,
  type PasswordHasher,
  type PasswordPolicy,
  type Principal,
  parseInput,
  type RefreshTokenRepository,
  type RegisterInput,
  systemClock,
  TrussError,
  type User,
  type UserRepository,
  type UserService,
} from '@truss/core';
import { z } from 'zod';
import type { AccessTokens } from './access-tokens.js';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.js';
import type { MfaService } from './mfa-service.js';
import { createPasswordPolicy } from './password-policy.js';
import { hashRefreshToken, newRefreshToken } from './refresh-token.js';
import type { AccessTokenRevocations } from './revocations.js';

/** The token response of login and refresh (RFC 6749 §5.1 names, as spec §4.2 shows). */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  /** Seconds until the access token expires. */
  expires_in: number;
  token_type: 'Bearer';
}

/** Login's answer for a user with MFA on: prove the second factor with `mfa_token` next. */
export interface MfaChallenge {
  mfa_required: true;
  /** Short-lived, signed; only {@link AuthService.completeMfaLogin} accepts it. */
  mfa_token: string;
  /** Seconds until `mfa_token` expires. */
  expires_in: number;
}

/**
 * Whether a login answered an MFA challenge rather than tokens.
 *
 * @example
 * ```ts
 * const result = await auth.login(credentials);
 * if (isMfaChallenge(result)) askForCode(result.mfa_token);
 * ```
 */
export function isMfaChallenge(result: TokenPair | MfaChallenge): result is MfaChallenge {
  return 'mfa_required' in result;
}

/** Input of {@link AuthService.completeMfaLogin}. */
export const mfaLoginInputSchema = z.union([
  z.strictObject({ mfaToken: z.string().min(1).max(4096), code: z.string().trim().min(1).max(16) }),
  z.strictObject({ mfaToken: z.string().min(1).max(4096), recoveryCode: z.string().trim().min(1).max(64) }),
]);

/** Input of {@link AuthService.completeMfaLogin}. */
export type MfaLoginInput = z.input<typeof mfaLoginInputSchema>;

/** How long an MFA challenge lasts, seconds. */
export const MFA_CHALLENGE_TTL = 300;

/** Input of {@link AuthService.login}. */
export const loginInputSchema = z.strictObject({
  email: emailSchema,
  // Bounded so a huge password costs nothing; longer than any password register accepts.
  password: z.string().min(1).max(1024),
});

/** Input of {@link AuthService.login}. */
export type LoginInput = z.input<typeof loginInputSchema>;

const refreshTokenSchema = z.string().min(1).max(512);

/** What {@link createAuthService} needs. */
export interface AuthServiceDeps {
  users: UserRepository;
  refreshTokens: RefreshTokenRepository;
  hasher: PasswordHasher;
  accessTokens: AccessTokens;
  /** Refresh token lifetime in seconds. Default 604 800 (7 days). */
  refreshTokenTtlSeconds?: number;
  /** Rules for new passwords. Default: {@link createPasswordPolicy} (no common passwords). */
  passwordPolicy?: PasswordPolicy;
  /** Failed-login throttling. Default: {@link createLoginThrottle} with an in-memory store. */
  throttle?: LoginThrottle;
  /** TOTP second factor; without it, login never asks for one. */
  mfa?: MfaService;
  /**
   * Immediate revocation of access tokens on logout, reuse detection and {@link AuthService.revokeAccess}.
   * Without it, access tokens stay valid until they expire.
   */
  revocations?: AccessTokenRevocations;
  /**
   * Where security events go: `auth.login`, `auth.login_failed` (with the email tried),
   * `auth.refresh_reuse`, `auth.logout_all`. Default: not recorded.
   */
  audit?: Pick<AuditLogRepository, 'record'>;
  clock?: Clock;
}

/** Where a login comes from, for throttling. */
export interface LoginContext {
  /** The client's address. */
  ip?: string | undefined;
}

/** Registration, login, token refresh and logout, without HTTP. */
export interface AuthService {
  /** Registers a user (role `user`); see `UserService.register`. */
  register(input: RegisterInput): Promise<User>;
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
  revokeAccess(userId: string): void;
  /** Verifies an access token; the kernel's `authenticate`. */
  authenticate(accessToken: string): Promise<Principal>;
  /** The user service this auth service registers through. */
  readonly userService: UserService;
}

const INVALID_CREDENTIALS = 'Email or password is incorrect';

/**
 * Builds the {@link AuthService}.
 *
 * @example
 * ```ts
 * const auth = createAuthService({ users, refreshTokens, hasher: createArgon2Hasher(), accessTokens });
 * const tokens = await auth.login({ email: 'alice@example.com', password: 'correct horse battery' });
 * ```
 */
export function createAuthService(deps: AuthServiceDeps): AuthService {
  const clock = deps.clock ?? systemClock;
  const refreshTtlMs =
    parseInput(
      z
        .number()
        .int()
        .min(60)
        .max(365 * 86_400),
      deps.refreshTokenTtlSeconds ?? 604_800,
      'refresh token lifetime',
    ) * 1000;
  const userService = createUserService({
    users: deps.users,
    hasher: deps.hasher,
    clock,
    passwordPolicy: deps.passwordPolicy ?? createPasswordPolicy(),
  });
  const throttle = deps.throttle ?? createLoginThrottle({ clock });
  // Unknown emails are verified against this hash, so they cost what a wrong password costs.
  let dummyHash: Promise<string> | undefined;

  /** Waits out the second of a revocation of this user, so the new token is not refused with the old. */
  async function afterRevocationSecond(userId: string): Promise<void> {
    const revokedAt = deps.revocations?.userRevokedAt(userId);
    if (revokedAt === undefined) return;
    const wait = (revokedAt + 1) * 1000 - clock.now().getTime();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1000)));
  }

  async function audit(
    action: string,
    userId: string | null,
    ip: string | undefined,
    details: Record<string, unknown> | null = null,
  ): Promise<void> {
    await deps.audit?.record({
      id: globalThis.crypto.randomUUID(),
      actorId: userId,
      action,
      targetType: userId ? 'user' : null,
      targetId: userId,
      details,
      ip: ip ?? null,
      createdAt: clock.now(),
    });
  }

  async function issue(user: User, familyId: string): Promise<TokenPair> {
    await afterRevocationSecond(user.id);
    const now = clock.now();
    const refreshToken = newRefreshToken();
    await deps.refreshTokens.create({
      id: globalThis.crypto.randomUUID(),
      familyId,
      userId: user.id,
      tokenHash: hashRefreshToken(refreshToken),
      createdAt: now,
      expiresAt: new Date(now.getTime() + refreshTtlMs),
      usedAt: null,
      revokedAt: null,
    });
    const access = await deps.accessTokens.issue({ userId: user.id, role: user.role, sessionId: familyId });
    return {
      access_token: access.token,
      refresh_token: refreshToken,
      expires_in: access.expiresIn,
      token_type: 'Bearer',
    };
  }

  return {
    userService,
    register: (input) => userService.register(input),

    async login(input, context = {}) {
      const { email, password } = parseInput(loginInputSchema, input, 'credentials');
      await throttle.check(email, context.ip);
      const user = await deps.users.findByEmail(email);
      // Unknown emails cost one verification too, against a fixed hash, so both failures look alike.
      dummyHash ??= deps.hasher.hash('truss-dummy-password-for-timing');
      const check = await deps.hasher.verify(user ? user.passwordHash : await dummyHash, password);
      if (!user || !check.valid) {
        await throttle.recordFailure(email, context.ip);
        await audit('auth.login_failed', user?.id ?? null, context.ip, { email });
        throw new TrussError('invalid_credentials', INVALID_CREDENTIALS);
      }
      await throttle.recordSuccess(email, context.ip);
      if (check.needsRehash) await deps.users.updatePasswordHash(user.id, await deps.hasher.hash(password));
      if (deps.mfa && (await deps.mfa.isEnabled(user.id))) {
        await audit('auth.login_password_ok', user.id, context.ip, { mfa: 'required' });
        const mfaToken = await deps.accessTokens.issueChallenge(user.id, MFA_CHALLENGE_TTL);
        return { mfa_required: true, mfa_token: mfaToken, expires_in: MFA_CHALLENGE_TTL };
      }
      await audit('auth.login', user.id, context.ip);
      return issue(user, globalThis.crypto.randomUUID());
    },

    async completeMfaLogin(input, context = {}) {
      const data = parseInput(mfaLoginInputSchema, input, 'MFA login');
      if (!deps.mfa) throw new TrussError('bad_request', 'Multi-factor authentication is not configured');
      const { userId } = await deps.accessTokens.verifyChallenge(data.mfaToken);
      const proof = 'code' in data ? { code: data.code } : { recoveryCode: data.recoveryCode };
      if (!(await deps.mfa.verify(userId, proof, context))) {
        await audit('auth.mfa_failed', userId, context.ip);
        throw new TrussError(
          'invalid_credentials',
          'The authentication code is wrong, expired or already used',
        );
      }
      const user = await deps.users.findById(userId);
      if (!user) throw new TrussError('invalid_token', 'MFA challenge is not valid');
      await audit('auth.login', user.id, context.ip, { mfa: 'passed' });
      return issue(user, globalThis.crypto.randomUUID());
    },

    async refresh(refreshToken) {
      const token = parseInput(refreshTokenSchema, refreshToken, 'refresh token');
      const record = await deps.refreshTokens.findByHash(hashRefreshToken(token));
      const now = clock.now();
      if (!record || record.revokedAt) throw new TrussError('invalid_token', 'Refresh token is not valid');
      if (record.expiresAt.getTime() <= now.getTime())
        throw new TrussError('token_expired', 'Refresh token has expired');
      if (record.usedAt || !(await deps.refreshTokens.markUsed(record.id, now))) {
        await deps.refreshTokens.revokeFamily(record.familyId, now);
        deps.revocations?.revokeSession(record.familyId);
        await audit('auth.refresh_reuse', record.userId, undefined, { sessionId: record.familyId });
        throw new TrussError('invalid_token', 'Refresh token was already used; the session has been revoked');
      }
      const user = await deps.users.findById(record.userId);
      if (!user) throw new TrussError('invalid_token', 'Refresh token is not valid');
      return issue(user, record.familyId);
    },

    async logout(refreshToken) {
      const token = refreshTokenSchema.safeParse(refreshToken);
      if (!token.success) return;
      const record = await deps.refreshTokens.findByHash(hashRefreshToken(token.data));
      if (record) {
        await deps.refreshTokens.revokeFamily(record.familyId, clock.now());
        deps.revocations?.revokeSession(record.familyId);
      }
    },

    async logoutSession(sessionId) {
      await deps.refreshTokens.revokeFamily(sessionId, clock.now());
      deps.revocations?.revokeSession(sessionId);
    },

    async logoutEverywhere(userId) {
      await deps.refreshTokens.revokeAllForUser(userId, clock.now());
      deps.revocations?.revokeUser(userId);
      await audit('auth.logout_all', userId, undefined);
    },

    revokeAccess(userId) {
      deps.revocations?.revokeUser(userId);
    },

    async authenticate(accessToken) {
      const claims = await deps.accessTokens.verify(accessToken);
      return { userId: claims.userId, role: claims.role, sessionId: claims.sessionId };
    },
  };
}
