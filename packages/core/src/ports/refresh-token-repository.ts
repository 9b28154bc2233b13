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
  /** Revokes every token of a family; answers how many were newly revoked. */
  revokeFamily(familyId: string, at: Date): Promise<number>;
  /** Revokes every token of a user ("log out everywhere"); answers how many were newly revoked. */
  revokeAllForUser(userId: string, at: Date): Promise<number>;
}
