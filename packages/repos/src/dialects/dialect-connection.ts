import type { Dialect, Kysely } from 'kysely';
import type { Executor } from '../executor/executor.js';
import type { Database } from '../schema.js';

/**
 * A database opened by one of `src/dialects/<name>/<name>-connection.ts`: the kysely dialect on its
 * driver, and how to make the {@link Executor} (with the driver's fast paths) of the kysely instance
 * built on that dialect. {@link createDatabase} wires the two.
 *
 * @example
 * ```ts
 * const connection: DialectConnection = await createSqliteConnection({ dialect: 'sqlite', filename: ':memory:', display: 'sqlite::memory:' });
 * const db = new Kysely<Database>({ dialect: connection.dialect });
 * const executor = connection.executor(db);
 * ```
 */
export interface DialectConnection {
  /** The kysely dialect on the opened driver. */
  readonly dialect: Dialect;
  /** The executor of `db`, a kysely instance built on {@link DialectConnection.dialect}. */
  executor(db: Kysely<Database>): Executor;
}
