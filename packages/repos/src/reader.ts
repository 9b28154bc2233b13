import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import { createExecutor, isExecutor } from './executor/create-executor.js';
import type { Executor } from './executor/executor.js';
import type { Database } from './schema.js';

/**
 * Where a repository sends plain reads: a function answering the executor (or kysely instance) of a
 * replica, or of the primary. Writes, reads that follow a write, and everything inside a
 * transaction use the primary.
 *
 * @example
 * ```ts
 * const products = createProductRepository(database.executor, { reader: database.readExecutor });
 * ```
 */
export type ReaderSource = () => Executor | Kysely<Database>;

/**
 * Options every repository factory takes.
 *
 * @example
 * ```ts
 * createAuditLogRepository(database.executor, { reader: () => database.replicas[0] ?? database.db });
 * ```
 */
export interface ReadOptions {
  /**
   * Where plain reads go. Default: the primary. {@link TrussDatabase.readExecutor} fits here (and
   * {@link TrussDatabase.reader}, whose kysely instances then get executors without fast paths).
   */
  reader?: ReaderSource;
}

const primaryReads = new AsyncLocalStorage<true>();

/**
 * Runs `fn` with every plain read of every repository (and of everything `fn` awaits) on the
 * primary instead of a replica: for reads that must see a write just made, such as a client's GET
 * right after its own PUT (`readYourWrites` of `@truss/http` calls it for a while after each write).
 * Without replicas it changes nothing.
 *
 * @example
 * ```ts
 * const fresh = await withPrimaryReads(() => products.findById(id));
 * ```
 */
export function withPrimaryReads<T>(fn: () => T): T {
  return primaryReads.run(true, fn);
}

/**
 * The executor plain reads of a repository on `executor` use: the primary's when `executor` is bound
 * to a transaction, `options` name no reader, or the call runs inside {@link withPrimaryReads}; the
 * reader's otherwise (a kysely instance it answers gets an executor of its own, made once).
 *
 * @example
 * ```ts
 * const read = readerOf(executor, options);
 * const rows = await read().db.selectFrom('products').selectAll().execute();
 * ```
 */
export function readerOf(executor: Executor, options: ReadOptions | undefined): () => Executor {
  const reader = options?.reader;
  if (executor.db.isTransaction || reader === undefined) return () => executor;
  const made = new WeakMap<Kysely<Database>, Executor>();
  return () => {
    if (primaryReads.getStore() === true) return executor;
    const source = reader();
    if (isExecutor(source)) return source;
    let found = made.get(source);
    if (found === undefined) {
      found = createExecutor(source);
      made.set(source, found);
    }
    return found;
  };
}
