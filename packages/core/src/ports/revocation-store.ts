/**
 * What a revocation applies to: every access token of a user, or of one session (a refresh-token
 * family).
 *
 * @example
 * ```ts
 * const kind: RevocationKind = 'session';
 * ```
 */
export type RevocationKind = 'user' | 'session';

/**
 * The revocations in force for one token's user and session: epoch seconds, `undefined` for none.
 *
 * @example
 * ```ts
 * const { user, session }: Revocations = await store.revokedAt(claims.userId, claims.sessionId);
 * ```
 */
export interface Revocations {
  readonly user: number | undefined;
  readonly session: number | undefined;
}

/**
 * Where access-token revocations live: "tokens of this user (or session) issued up to second N are
 * refused", each kept for as long as such a token could still be unexpired. Read on every
 * authenticated request, so {@link RevocationStore.revokedAt} must be cheap.
 * Implementations: `createMemoryRevocationStore` (one process) and `createRedisRevocationStore` of
 * `@truss/cache` (every instance is told at once; a local copy that is trusted only while it is
 * known to be complete).
 *
 * @example
 * ```ts
 * await store.revoke('user', userId, Math.floor(Date.now() / 1000), 900);
 * ```
 */
export interface RevocationStore {
  /** Whether other processes see the same revocations (`true` for Redis, `false` in memory). */
  readonly shared: boolean;
  /**
   * Refuses the tokens of `id` issued at or before `atSeconds`, for `ttlSeconds`. A later
   * revocation of the same id wins; an earlier one changes nothing. Answers the second now in force.
   */
  revoke(kind: RevocationKind, id: string, atSeconds: number, ttlSeconds: number): Promise<number>;
  /** The revocations in force for `userId` and `sessionId`. */
  revokedAt(userId: string, sessionId: string | undefined): Promise<Revocations>;
}
