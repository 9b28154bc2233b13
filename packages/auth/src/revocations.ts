import { type Clock, systemClock } from '@truss/core';
import type { AccessTokenClaims } from './access-tokens.js';

/**
 * Immediate revocation of access tokens before they expire: of a user (role changed, account
 * deleted, "log out everywhere") or of one session (logout). Pass {@link AccessTokenRevocations.isRevoked}
 * to `createAccessTokens`; it is a map lookup, checked on every request.
 *
 * This implementation lives in the process: with several processes, back it with a shared store
 * (e.g. Redis) behind the same interface.
 */
export interface AccessTokenRevocations {
  /** Refuses every access token of `userId` issued up to now. */
  revokeUser(userId: string): void;
  /** Refuses every access token of the session (refresh-token family) `sessionId` issued up to now. */
  revokeSession(sessionId: string): void;
  /** Whether a verified token was revoked; for `createAccessTokens({ isRevoked })`. */
  isRevoked(claims: AccessTokenClaims): boolean;
  /**
   * The second (epoch) of the user's latest revocation still in force, or `undefined`. Tokens carry
   * whole seconds (`iat`), so a token for this user must be issued in a later second to be accepted.
   */
  userRevokedAt(userId: string): number | undefined;
}

/**
 * In-process {@link AccessTokenRevocations}. Entries are forgotten once every token they could
 * refuse has expired (`accessTokenTtlSeconds` after the revocation).
 *
 * @example
 * ```ts
 * const revocations = createAccessTokenRevocations({ accessTokenTtlSeconds: 900 });
 * const tokens = await createAccessTokens({ keys, issuer, audience, isRevoked: revocations.isRevoked });
 * revocations.revokeUser(userId); // their current access tokens stop working now
 * ```
 */
export function createAccessTokenRevocations(options: {
  accessTokenTtlSeconds: number;
  clock?: Clock;
}): AccessTokenRevocations {
  const clock = options.clock ?? systemClock;
  const users = new Map<string, number>();
  const sessions = new Map<string, number>();
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

  function forgetExpired(map: Map<string, number>, now: number): void {
    // Insertion order is revocation order: stop at the first entry still in force.
    for (const [key, at] of map) {
      if (at + options.accessTokenTtlSeconds >= now) break;
      map.delete(key);
    }
  }

  function add(map: Map<string, number>, key: string): void {
    const now = nowSeconds();
    forgetExpired(map, now);
    map.delete(key);
    map.set(key, now);
  }

  return {
    revokeUser: (userId) => add(users, userId),
    revokeSession: (sessionId) => add(sessions, sessionId),
    userRevokedAt: (userId) => users.get(userId),
    isRevoked(claims) {
      // A token issued in the second of the revocation is refused too (`iat` has whole seconds);
      // the auth service issues no token for a revoked user within that second.
      const byUser = users.get(claims.userId);
      if (byUser !== undefined && claims.issuedAt <= byUser) return true;
      const bySession = claims.sessionId === undefined ? undefined : sessions.get(claims.sessionId);
      return bySession !== undefined && claims.issuedAt <= bySession;
    },
  };
}
