/**
 * Encrypts personal data for storage (spec §7.3): authenticated encryption of single text fields
 * under a ring of keys, and a keyed blind index for looking a field up without decrypting it.
 *
 * The port lives in `@truss/core` so that repositories depend on it and not on an implementation;
 * `@truss/repos` holds the implementation on `node:crypto` (`createFieldCipher`), because
 * `@truss/core` is also imported by browser code and stays free of Node built-ins.
 *
 * Every sealed value names the key that sealed it, so keys rotate: new values are sealed under the
 * current key, values sealed under an older key in the ring still open, and a re-encryption
 * (`resealUsers` of `@truss/repos`) moves them to the current key.
 *
 * @example
 * ```ts
 * const sealed = cipher.seal('ada@example.com', `users.email:${userId}`);
 * cipher.open(sealed, `users.email:${userId}`); // 'ada@example.com'
 * cipher.keyIdOf(sealed) === cipher.currentKeyId; // true
 * const index = cipher.blindIndex('ada@example.com'); // the same text gives the same index
 * ```
 */
export interface FieldCipher {
  /** The id of the key new values are sealed under. */
  readonly currentKeyId: string;
  /** Every key id the cipher can open, current first. */
  readonly keyIds: readonly string[];
  /**
   * Encrypts `text` under the current key, bound to `context` (e.g. the table, column and row id):
   * it opens only with the same context, so a sealed value copied to another row or column is
   * refused. Each call gives a different result (a random nonce).
   */
  seal(text: string, context: string): string;
  /**
   * Decrypts what {@link FieldCipher.seal} made under any key of the ring. Throws an
   * `internal_error` `TrussError` when the value was tampered with, belongs to another context, or
   * was sealed under a key the ring no longer holds.
   */
  open(sealed: string, context: string): string;
  /** The id of the key that sealed `sealed`, or `null` when it is not a sealed value. */
  keyIdOf(sealed: string): string | null;
  /**
   * A keyed, deterministic index of `text` under the current key (HMAC-SHA256 under an index key
   * derived from the current data key): equal texts give equal indexes, and without the key the
   * index tells nothing about the text. Normalise the text first (e.g. lower-case an email).
   */
  blindIndex(text: string): string;
  /**
   * The index of `text` under every key of the ring, current first: a lookup matches rows indexed
   * before a rotation as well as after it.
   */
  blindIndexes(text: string): string[];
}
