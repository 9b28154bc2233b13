/**
 * The answer stored for an idempotency key: what the first request got.
 *
 * @example
 * ```ts
 * const answer: StoredAnswer = { status: 201, headers: { location: '/api/v1/orders/1' }, body: { id: '1' } };
 * ```
 */
export interface StoredAnswer {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: unknown;
}

/**
 * What {@link IdempotencyStore.begin} found: the key is now the caller's (`started`), another
 * request holds it (`in_progress`), or it has an answer (`completed`). `fingerprint` is the one the
 * key was first used with: a different one means a different request under the same key.
 *
 * @example
 * ```ts
 * if (outcome.kind === 'completed' && outcome.fingerprint === mine) return outcome.answer;
 * ```
 */
export type IdempotencyBegin =
  | { kind: 'started' }
  | { kind: 'in_progress'; fingerprint: string }
  | { kind: 'completed'; fingerprint: string; answer: StoredAnswer };

/**
 * Where `Idempotency-Key`s live, shared by every instance (a database table in `@truss/repos`).
 * Keys are scoped (by caller): the same key of two users is two keys.
 *
 * @example
 * ```ts
 * const began = await store.begin({ scope: userId, key, fingerprint, now, lockedUntil, expiresAt });
 * ```
 */
export interface IdempotencyStore {
  /**
   * Takes the key for the caller when it is new, expired (`expiresAt` passed) or held by a request
   * whose lock (`lockedUntil`) passed; otherwise answers what is stored. Exactly one of several
   * concurrent callers gets `started`.
   */
  begin(entry: {
    scope: string;
    key: string;
    fingerprint: string;
    now: Date;
    lockedUntil: Date;
    expiresAt: Date;
  }): Promise<IdempotencyBegin>;
  /** Stores the answer of a started key. */
  complete(scope: string, key: string, answer: StoredAnswer): Promise<void>;
  /** Forgets a started key (its request failed on the server's side: a retry runs again). */
  release(scope: string, key: string): Promise<void>;
  /** Deletes the keys that expired before `now`; answers how many. */
  purgeExpired(now: Date): Promise<number>;
}
