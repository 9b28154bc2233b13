import type { RevocationStore } from '../ports/revocation-store.js';
import { BoundedMap } from './bounded-map.js';
import { type MemoryStoreOptions, memoryOptions } from './memory-options.js';

/**
 * A {@link RevocationStore} in this process's memory: a map lookup per request. Entries are
 * forgotten once their `ttlSeconds` have passed. Right for one process; several instances need
 * `createRedisRevocationStore` of `@truss/cache`.
 *
 * @example
 * ```ts
 * const revocations = createAccessTokenRevocations({ accessTokenTtlSeconds: 900, store: createMemoryRevocationStore() });
 * ```
 */
export function createMemoryRevocationStore(options: MemoryStoreOptions = {}): RevocationStore {
  const { maxKeys, clock } = memoryOptions(options, 'memory revocation store options');
  const entries = new BoundedMap<number>(maxKeys);
  const at = (field: string) => entries.get(field, clock.now().getTime());
  return {
    shared: false,
    async revoke(kind, id, atSeconds, ttlSeconds) {
      const field = `${kind}:${id}`;
      const now = clock.now().getTime();
      const inForce = Math.max(atSeconds, entries.get(field, now) ?? 0);
      const expiresAt = Math.max(now + ttlSeconds * 1000, now + entries.ttl(field, now));
      entries.set(field, inForce, expiresAt);
      return inForce;
    },
    async revokedAt(userId, sessionId) {
      return {
        user: at(`user:${userId}`),
        session: sessionId === undefined ? undefined : at(`session:${sessionId}`),
      };
    },
  };
}
