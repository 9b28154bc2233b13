import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * A query built and compiled once, then run with fresh parameters: the hot paths (lookups by
 * key) skip kysely's builder and compiler on every call. `build` must produce a query whose
 * parameters are exactly the ones passed to the returned function, in order; it is compiled
 * lazily, against the dialect of the instance that runs it first (a repository's instances all
 * share one dialect).
 */
export function prepared<R>(
  build: (db: Kysely<Database>) => { compile(): CompiledQuery<R> },
): (db: Kysely<Database>, ...parameters: unknown[]) => Promise<R[]> {
  let compiled: CompiledQuery<R> | undefined;
  return async (db, ...parameters) => {
    compiled ??= build(db).compile();
    const result = await db.executeQuery<R>({ ...compiled, parameters });
    return result.rows;
  };
}
