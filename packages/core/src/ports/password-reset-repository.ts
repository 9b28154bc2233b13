/** A stored password-reset token: only its hash is kept. */
export interface PasswordResetRecord {
  id: string;
  userId: string;
  /** SHA-256 of the token, hex. The token itself is never stored. */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  /** When it was used (or superseded by another one's use); `null` while unused. */
  usedAt: Date | null;
}

/**
 * What {@link PasswordResetRepository.find} and `use` found: the user of a valid token, or why it
 * is not valid.
 *
 * @example
 * ```ts
 * const result: PasswordResetUse = await resets.use(hash, new Date());
 * if (result.status === 'valid') console.log(result.userId);
 * ```
 */
export type PasswordResetUse =
  | { readonly status: 'valid'; readonly userId: string }
  | { readonly status: 'expired' }
  | { readonly status: 'invalid' };

/** Storage of password-reset tokens. `@truss/repos` implements it on every supported database. */
export interface PasswordResetRepository {
  /** Stores a new token. */
  create(record: PasswordResetRecord): Promise<void>;
  /** Whether the token with this hash could be used at `at`, without using it. */
  find(tokenHash: string, at: Date): Promise<PasswordResetUse>;
  /**
   * Uses up the token with this hash, atomically (of concurrent calls exactly one answers `valid`),
   * and with it every other unused token of its user. `expired` for a token past its expiry,
   * `invalid` for an unknown or already used one.
   */
  use(tokenHash: string, at: Date): Promise<PasswordResetUse>;
}
