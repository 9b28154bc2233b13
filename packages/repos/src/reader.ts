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

/**
 * The executor plain reads of a repository on `executor` use: the primary's when `executor` is bound
 * to a transaction or `options` name no reader, the reader's otherwise (a kysely instance it answers
 * gets an executor of its own, made once).
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
