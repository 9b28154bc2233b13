import type { TrussDatabase } from '../connect/create-database.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';

/**
 * How many users' personal data is sealed under each data key; `null` counts plaintext rows
 * (written before a key was configured). Tells whether a rotation is done, and which keys may
 * leave the ring.
 *
 * @example
 * ```ts
 * await piiKeyUsage(database); // [{ keyId: '2026-12', users: 1200 }, { keyId: null, users: 3 }]
 * ```
 */
export async function piiKeyUsage(
  source: TrussDatabase | RepositorySource,
): Promise<{ keyId: string | null; users: number }[]> {
  const executor =
    typeof source === 'object' && source !== null && 'readExecutor' in source
      ? source.executor
      : executorOf(source as RepositorySource);
  const rows = await withDatabaseErrors(() =>
    executor.db
      .selectFrom('users')
      .select((eb) => ['pii_key_id', eb.fn.countAll().as('n')])
      .groupBy('pii_key_id')
      .orderBy('pii_key_id')
      .execute(),
  );
  return rows.map((r) => ({ keyId: r.pii_key_id, users: Number(r.n) }));
}
