import {
  type Clock,
  parseInput,
  type RefreshTokenRepository,
  TrussError,
  type User,
  type UserRepository,
} from '@truss/core';
import { z } from 'zod';
import type { AccessTokens } from './access-tokens.js';
import { hashRefreshToken, newRefreshToken } from './refresh-token.js';
import type { AccessTokenRevocations } from './revocations.js';
import type { SecurityAudit } from './security-audit.js';

/**
 * The tokens of a login or a refresh: a JWT access token and an opaque refresh token. The API
 * renders them as RFC 6749 §5.1's `access_token`, `refresh_token`, `expires_in`, `token_type`.
 *
 * @example
 * ```ts
 * const { accessToken, refreshToken, expiresIn }: TokenPair = await auth.refresh(token);
 * ```
 */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  tokenType: 'Bearer';
}

/** What {@link createSessionTokens} needs. */
export interface SessionTokensDeps {
  users: Pick<UserRepository, 'findById'>;
  refreshTokens: RefreshTokenRepository;
  accessTokens: AccessTokens;
  revocations: AccessTokenRevocations | undefined;
  audit: SecurityAudit;
  clock: Clock;
  refreshTtlMs: number;
  /** Absolute lifetime of a session, counted from its login, ms. */
  sessionMaxAgeMs: number;
}

/** Sessions (refresh-token families): issued at login, rotated on refresh, revoked on logout. */
export interface SessionTokens {
  /** Opens a session for `user` (a login: password, MFA or a reset) and answers its first token pair. */
  start(user: User): Promise<TokenPair>;
  refresh(refreshToken: string): Promise<TokenPair>;
  logout(refreshToken: string): Promise<void>;
  logoutSession(sessionId: string): Promise<void>;
  logoutEverywhere(userId: string): Promise<void>;
}

const refreshTokenSchema = z.string().min(1).max(512);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issues, rotates and revokes sessions. A refresh token is used once: presenting it again revokes
 * its whole family (theft detection) and ends the family's access tokens (with `revocations`).
 *
 * @example
 * ```ts
 * const sessions = createSessionTokens({ users, refreshTokens, accessTokens, revocations, audit, clock, refreshTtlMs, sessionMaxAgeMs });
 * const pair = await sessions.start(user);
 * ```
 */
export function createSessionTokens(deps: SessionTokensDeps): SessionTokens {
  const { clock } = deps;

  /** Waits out the second of a revocation of this user, so the new token is not refused with the old. */
  async function afterRevocationSecond(userId: string): Promise<void> {
    const revokedAt = await deps.revocations?.userRevokedAt(userId);
    if (revokedAt === undefined) return;
    // A timer may fire a millisecond before the wall clock has moved on (Node rounds timers and
    // reads a monotonic clock), so wait a little past the second and look again; a clock that does
    // not move (a test's) is waited on once.
    const until = (revokedAt + 1) * 1000;
    const before = clock.now().getTime();
    if (before >= until) return;
    await sleep(Math.min(until - before + 2, 1002));
    const after = clock.now().getTime();
    if (after < until && after !== before) await sleep(until - after + 2);
  }

  /**
   * A token pair of the open session `session`. The access token is signed before the refresh
   * token is stored: a revocation that commits after the store therefore also revokes the access
   * token (its `iat` is not later), and one that commits before makes the store refuse.
   */
  async function issue(user: User, session: { id: string; expiresAt: Date }): Promise<TokenPair> {
    await afterRevocationSecond(user.id);
    const access = await deps.accessTokens.issue({ userId: user.id, role: user.role, sessionId: session.id });
    const now = clock.now();
    const refreshToken = newRefreshToken();
    const stored = await deps.refreshTokens.createInSession(
      {
        id: globalThis.crypto.randomUUID(),
        familyId: session.id,
        userId: user.id,
        tokenHash: hashRefreshToken(refreshToken),
        createdAt: now,
        expiresAt: new Date(Math.min(now.getTime() + deps.refreshTtlMs, session.expiresAt.getTime())),
        usedAt: null,
        revokedAt: null,
      },
      now,
    );
    if (!stored) throw new TrussError('invalid_token', 'The session has ended; log in again');
    return { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, tokenType: 'Bearer' };
  }

  async function start(user: User): Promise<TokenPair> {
    const now = clock.now();
    const session = {
      id: globalThis.crypto.randomUUID(),
      userId: user.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + deps.sessionMaxAgeMs),
      authenticatedAt: now,
      revokedAt: null,
    };
    await deps.refreshTokens.openSession(session);
    return issue(user, session);
  }

  async function revokeFamily(familyId: string): Promise<void> {
    await deps.refreshTokens.revokeFamily(familyId, clock.now());
    await deps.revocations?.revokeSession(familyId);
  }

  return {
    start,

    async refresh(refreshToken) {
      const token = parseInput(refreshTokenSchema, refreshToken, 'refresh token');
      const record = await deps.refreshTokens.findByHash(hashRefreshToken(token));
      const now = clock.now();
      if (!record || record.revokedAt) throw new TrussError('invalid_token', 'Refresh token is not valid');
      if (record.expiresAt.getTime() <= now.getTime())
        throw new TrussError('token_expired', 'Refresh token has expired');
      if (record.usedAt || !(await deps.refreshTokens.markUsed(record.id, now))) {
        await revokeFamily(record.familyId);
        await deps.audit('auth.refresh_reuse', record.userId, undefined, { sessionId: record.familyId });
        throw new TrussError('invalid_token', 'Refresh token was already used; the session has been revoked');
      }
      const session = await deps.refreshTokens.findSession(record.familyId);
      if (!session || session.revokedAt) throw new TrussError('invalid_token', 'Refresh token is not valid');
      if (session.expiresAt.getTime() <= now.getTime())
        throw new TrussError('token_expired', 'The session has reached its maximum age; log in again');
      const user = await deps.users.findById(record.userId);
      if (!user) throw new TrussError('invalid_token', 'Refresh token is not valid');
      return issue(user, session);
    },

    async logout(refreshToken) {
      const token = refreshTokenSchema.safeParse(refreshToken);
      if (!token.success) return;
      const record = await deps.refreshTokens.findByHash(hashRefreshToken(token.data));
      if (record) await revokeFamily(record.familyId);
    },

    logoutSession: revokeFamily,

    async logoutEverywhere(userId) {
      await deps.refreshTokens.revokeAllForUser(userId, clock.now());
      await deps.revocations?.revokeUser(userId);
      await deps.audit('auth.logout_all', userId, undefined);
    },
  };
}
