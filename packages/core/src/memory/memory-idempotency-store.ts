import type { IdempotencyBegin, IdempotencyStore, StoredAnswer } from '../ports/idempotency-store.js';

interface Entry {
  fingerprint: string;
  answer: StoredAnswer | null;
  lockedUntil: number;
  expiresAt: number;
}

/**
 * An {@link IdempotencyStore} in this process's memory: for tests and a single instance. Several
 * instances need a shared store (`createIdempotencyStore` of `@truss/repos`).
 *
 * @example
 * ```ts
 * const kernel = createKernel({ routes, afterAuthentication: [idempotency({ store: createMemoryIdempotencyStore() })] });
 * ```
 */
export function createMemoryIdempotencyStore(): IdempotencyStore {
  const entries = new Map<string, Entry>();
  const id = (scope: string, key: string) => JSON.stringify([scope, key]);
  return {
    async begin(entry): Promise<IdempotencyBegin> {
      const k = id(entry.scope, entry.key);
      const now = entry.now.getTime();
      const known = entries.get(k);
      if (known && known.expiresAt > now && (known.answer !== null || known.lockedUntil > now)) {
        return known.answer
          ? { kind: 'completed', fingerprint: known.fingerprint, answer: structuredClone(known.answer) }
          : { kind: 'in_progress', fingerprint: known.fingerprint };
      }
      entries.set(k, {
        fingerprint: entry.fingerprint,
        answer: null,
        lockedUntil: entry.lockedUntil.getTime(),
        expiresAt: entry.expiresAt.getTime(),
      });
      return { kind: 'started' };
    },
    async complete(scope, key, answer) {
      const known = entries.get(id(scope, key));
      if (known) known.answer = structuredClone(answer);
    },
    async release(scope, key) {
      const k = id(scope, key);
      if (entries.get(k)?.answer === null) entries.delete(k);
    },
    async purgeExpired(now) {
      let purged = 0;
      for (const [k, entry] of entries) {
        if (entry.expiresAt <= now.getTime()) {
          entries.delete(k);
          purged++;
        }
      }
      return purged;
    },
  };
}
