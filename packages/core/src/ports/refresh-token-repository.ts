/**
 * A stored refresh token. Only a hash of the token is kept. Tokens of one login form a family: each
 * refresh rotates to a new token of the same family.
 */
export interface RefreshTokenRecord {
  /** Unique id of this token. */
  id: string;
  /** The family (one login session) this token belongs to. */
  familyId: string;
  userId: string;
  /** SHA-256 of the token, hex. The token itself is never stored. */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  /** When the token was exchanged for a new one; `null` while unused. */
  usedAt: Date | null;
  /** When the family was revoked (logout, reuse detected); `null` while trusted. */
  revokedAt: Date | null;
}

/**
 * One login session: the family of refresh tokens a login starts. Its row outlives every rotation,
 * so a revocation (logout, reuse detected, password changed) holds against a refresh in flight, and
 * its lifetime is counted from the login.
 */
export interface SessionRecord {
  /** The family id of its refresh tokens (the `sid` of its access tokens). */
  id: string;
  userId: string;
  /** The login. */
  createdAt: Date;
  /** The absolute end of the session, however often it is refreshed. */
  expiresAt: Date;
  /** The latest proof of the user's password or second factor in this session (login, re-authentication). */
  authenticatedAt: Date;
  /** When the session was revoked; `null` while open. */
  revokedAt: Date | null;
}

/** Storage of refresh tokens. `@truss/repos` implements it on every supported database. */
export interface RefreshTokenRepository {
  /** Stores a new token (its `usedAt` and `revokedAt` are `null`). */
  create(record: RefreshTokenRecord): Promise<void>;
  /** The token with this hash, or `null`. */
  findByHash(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /**
   * Marks an unused token as used. Atomic: when several calls race for the same token, exactly one
   * answers `true`; the others (and any call on a used token) answer `false`.
   */
  markUsed(id: string, at: Date): Promise<boolean>;
  /** Revokes every token of a family, and its session; answers how many tokens were newly revoked. */
  revokeFamily(familyId: string, at: Date): Promise<number>;
  /**
   * Revokes every token and session of a user ("log out everywhere"); answers how many tokens were
   * newly revoked.
   */
  revokeAllForUser(userId: string, at: Date): Promise<number>;
  /** Stores a new session (a login). */
  openSession(session: SessionRecord): Promise<void>;
  /** The session with this id, or `null`. */
  findSession(id: string): Promise<SessionRecord | null>;
  /**
   * Stores a new token of an open session, atomically with the check: inserted only when its
   * session (`record.familyId`) is neither revoked nor past its end at `at` — checked in the insert's
   * transaction, so a revocation that commits first always wins. Answers whether it was stored.
   */
  createInSession(record: RefreshTokenRecord, at: Date): Promise<boolean>;
  /** Records a fresh proof of the password or second factor in an open session; answers whether it was open. */
  markAuthenticated(sessionId: string, at: Date): Promise<boolean>;
  /**
   * Revokes the user's open sessions and their tokens, but `exceptSessionId`'s; answers the ids of
   * the sessions it revoked (to end their access tokens too).
   */
  revokeOtherSessions(userId: string, exceptSessionId: string | undefined, at: Date): Promise<string[]>;
}
