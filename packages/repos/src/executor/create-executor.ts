import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import { createMysqlExecutor } from '../dialects/mysql/mysql-executor.js';
import { createPostgresExecutor } from '../dialects/postgres/postgres-executor.js';
import { createSqliteExecutor } from '../dialects/sqlite/sqlite-executor.js';
import type { Database } from '../schema.js';
import type { Executor } from './executor.js';

/**
 * What a repository factory takes: the {@link Executor} of a database ({@link TrussDatabase.executor},
 * with the driver's fast paths), or a plain kysely instance (or transaction), for which
 * {@link createExecutor} makes one.
 *
 * @example
 * ```ts
 * const source: RepositorySource = database.executor; // or database.db, or a transaction
 * const users = createUserRepository(source);
 * ```
 */
export type RepositorySource = Executor | Kysely<Database>;

const EXECUTORS = {
  postgres: createPostgresExecutor,
  mysql: createMysqlExecutor,
  sqlite: createSqliteExecutor,
};

/**
 * The {@link Executor} of a plain kysely instance or transaction, for its dialect: every statement
 * goes through kysely (no driver is reached directly), with the dialect's own ways (PostgreSQL's
 * single-statement batch, SQLite's scans yielding to the event loop). Throws a `validation_error`
 * `TrussError` when `db` is not a kysely instance on PostgreSQL, MySQL/MariaDB or SQLite.
 *
 * @example
 * ```ts
 * const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
 * const orders = createOrderRepository(createExecutor(db));
 * ```
 */
export function createExecutor(db: Kysely<Database>): Executor {
  return EXECUTORS[dialectOf(db)](db);
}

/**
 * Whether `value` is an {@link Executor} (rather than a kysely instance).
 *
 * @example
 * ```ts
 * isExecutor(database.executor); // true
 * isExecutor(database.db); // false
 * ```
 */
export function isExecutor(value: unknown): value is Executor {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Executor).one === 'function' &&
    typeof (value as Executor).batch === 'function' &&
    typeof (value as Executor).yieldBetweenBatches === 'function'
  );
}

/**
 * The executor of `source`: itself when it is one, {@link createExecutor} of it when it is a kysely
 * instance.
 *
 * @example
 * ```ts
 * function createThingRepository(source: RepositorySource) {
 *   const executor = executorOf(source);
 *   // …
 * }
 * ```
 */
export function executorOf(source: RepositorySource): Executor {
  return isExecutor(source) ? source : createExecutor(source);
}
