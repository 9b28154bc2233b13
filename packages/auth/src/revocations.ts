import { type Clock, createMemoryRevocationStore, type RevocationStore, systemClock } from '@truss/core';
import type { AccessTokenClaims } from './access-tokens.js';

/**
 * Immediate revocation of access tokens before they expire: of a user (role changed, account
 * deleted, "log out everywhere") or of one session (logout). Pass {@link AccessTokenRevocations.isRevoked}
 * to `createAccessTokens`; it is checked on every request.
 *
 * @example
 * ```ts
 * await revocations.revokeUser(userId); // their current access tokens stop working now, everywhere the store reaches
 * ```
 */
export interface AccessTokenRevocations {
  /** Refuses every access token of `userId` issued up to now. */
  revokeUser(userId: string): Promise<void>;
  /** Refuses every access token of the session (refresh-token family) `sessionId` issued up to now. */
  revokeSession(sessionId: string): Promise<void>;
  /**
   * Whether a verified token was revoked; for `createAccessTokens({ isRevoked })`. Throws
   * `service_unavailable` when a shared store cannot answer (fail closed).
   */
  isRevoked(claims: AccessTokenClaims): Promise<boolean>;
  /**
   * The second (epoch) of the user's latest revocation still in force, or `undefined`. Tokens carry
   * whole seconds (`iat`), so a token for this user must be issued in a later second to be accepted.
   */
  userRevokedAt(userId: string): Promise<number | undefined>;
}

/**
 * {@link AccessTokenRevocations} on a {@link RevocationStore}: in this process by default
 * (`createMemoryRevocationStore`); on Redis (`createRedisRevocationStore` of `@truss/cache`) every
 * instance refuses a revoked token at once. Entries are forgotten once every token they could
 * refuse has expired (`accessTokenTtlSeconds` after the revocation).
 *
 * @example
 * ```ts
 * const revocations = createAccessTokenRevocations({ accessTokenTtlSeconds: 900 });
 * const tokens = await createAccessTokens({ keys, issuer, audience, isRevoked: revocations.isRevoked });
 * await revocations.revokeUser(userId); // their current access tokens stop working now
 * ```
 */
export function createAccessTokenRevocations(options: {
  accessTokenTtlSeconds: number;
  store?: RevocationStore;
  clock?: Clock;
}): AccessTokenRevocations {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? createMemoryRevocationStore({ clock });
  const ttl = options.accessTokenTtlSeconds;
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

  return {
    async revokeUser(userId) {
      await store.revoke('user', userId, nowSeconds(), ttl);
    },
    async revokeSession(sessionId) {
      await store.revoke('session', sessionId, nowSeconds(), ttl);
    },
    async userRevokedAt(userId) {
      return (await store.revokedAt(userId, undefined)).user;
    },
    async isRevoked(claims) {
      // A token issued in the second of the revocation is refused too (`iat` has whole seconds);
      // the auth service issues no token for a revoked user within that second.
      const { user, session } = await store.revokedAt(claims.userId, claims.sessionId);
      return (
        (user !== undefined && claims.issuedAt <= user) ||
        (session !== undefined && claims.issuedAt <= session)
      );
    },
  };
}
