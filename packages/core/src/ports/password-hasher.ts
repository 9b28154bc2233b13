/** The result of {@link PasswordHasher.verify}. */
export interface PasswordCheck {
  /** Whether the password matches the hash. */
  valid: boolean;
  /** Whether the hash uses weaker parameters than configured and should be replaced. */
  needsRehash: boolean;
}

/** Hashes and verifies passwords. `@truss/auth` implements it with argon2id. */
export interface PasswordHasher {
  /** A self-describing hash of `password` (PHC string format). */
  hash(password: string): Promise<string>;
  /** Checks `password` against `hash`. Never throws for a malformed hash: answers `valid: false`. */
  verify(hash: string, password: string): Promise<PasswordCheck>;
}
