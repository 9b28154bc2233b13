/** A user's TOTP factor as stored. */
export interface MfaFactor {
  userId: string;
  /** The TOTP secret, sealed (encrypted) by the auth layer: repositories store it as given. */
  sealedSecret: string;
  /** When the user proved the factor works; `null` while enrollment is pending. */
  confirmedAt: Date | null;
  /** The last TOTP time step accepted (replay protection); `null` before the first. */
  lastUsedStep: number | null;
  createdAt: Date;
}

/** Storage of MFA factors and recovery codes. `@truss/repos` implements it on every database. */
export interface MfaRepository {
  /** The user's factor, confirmed or pending, or `null`. */
  findFactor(userId: string): Promise<MfaFactor | null>;
  /**
   * Starts (or restarts) enrollment: stores a pending factor, replacing any pending one. Answers
   * `false` and changes nothing when the user has a confirmed factor.
   */
  savePendingFactor(userId: string, sealedSecret: string, at: Date): Promise<boolean>;
  /** Confirms a pending factor; answers whether one was pending. */
  confirmFactor(userId: string, at: Date): Promise<boolean>;
  /** Removes the factor and every recovery code of the user. */
  removeFactor(userId: string): Promise<void>;
  /**
   * Records that TOTP step `step` was used. Atomic: answers `true` only when `step` is later than
   * the last used step, so a code is accepted once, even under concurrent attempts.
   */
  useStep(userId: string, step: number): Promise<boolean>;
  /** Replaces every recovery code of the user with these hashes. */
  replaceRecoveryCodes(userId: string, codeHashes: readonly string[], at: Date): Promise<void>;
  /** Uses an unused recovery code; atomic, so a code works once. Answers whether it was valid. */
  useRecoveryCode(userId: string, codeHash: string, at: Date): Promise<boolean>;
  /** How many unused recovery codes the user has left. */
  countRecoveryCodes(userId: string): Promise<number>;
}
