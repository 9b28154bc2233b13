import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Where a repository sends plain reads: a function answering a kysely instance (a replica, or the
 * primary). Writes, reads that follow a write, and everything inside a transaction use the primary.
 *
 * @example
 * ```ts
 * const products = createProductRepository(database.db, { reader: database.reader });
 * ```
 */
export type ReaderSource = () => Kysely<Database>;

/**
 * Options every repository factory takes.
 *
 * @example
 * ```ts
 * createAuditLogRepository(database.db, { reader: () => database.replicas[0] ?? database.db });
 * ```
 */
export interface ReadOptions {
  /** Where plain reads go. Default: the primary (`db`). {@link TrussDatabase.reader} fits here. */
  reader?: ReaderSource;
}

/** The reader of `options`, or the primary. */
export function readerOf(db: Kysely<Database>, options: ReadOptions | undefined): ReaderSource {
  if (db.isTransaction || !options?.reader) return () => db;
  return options.reader;
}
