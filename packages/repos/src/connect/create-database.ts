import { parseInput, TrussError } from '@truss/core';
import { Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DialectName } from '../dialect.js';
import type { DialectConnection } from '../dialects/dialect-connection.js';
import { createMysqlConnection } from '../dialects/mysql/mysql-connection.js';
import { createPostgresConnection } from '../dialects/postgres/postgres-connection.js';
import { createSqliteConnection } from '../dialects/sqlite/sqlite-connection.js';
import type { Executor } from '../executor/executor.js';
import type { Database } from '../schema.js';
import { connectionError } from './connection-error.js';
import { type DatabaseTarget, parseDatabaseUrl } from './parse-database-url.js';
import type { PoolSettings } from './pool-settings.js';

/**
 * Options of {@link createDatabase}.
 *
 * @example
 * ```ts
 * const database = await createDatabase(url, { poolSize: 20, connectTimeoutMs: 2000, replicas: [replicaUrl] });
 * ```
 */
export interface CreateDatabaseOptions {
  /** Largest number of pooled connections (PostgreSQL, MySQL). Default 10. */
  poolSize?: number;
  /** How long to wait for a server connection to open, in ms. Default 5000. */
  connectTimeoutMs?: number;
  /**
   * Whether to run `SELECT 1` before returning, so that an unreachable server fails at start with a
   * clear message rather than on the first request. Default `true`.
   */
  verify?: boolean;
  /**
   * `DATABASE_URL`s of read replicas of the same kind as the primary. Repositories given
   * {@link TrussDatabase.readExecutor} send plain reads to them in turn; writes, reads that follow a
   * write, and everything inside a unit of work go to the primary. Default: none.
   */
  replicas?: string[];
}

const optionsSchema = z.strictObject({
  poolSize: z.number().int().min(1).max(1000).default(10),
  connectTimeoutMs: z.number().int().min(100).max(600_000).default(5000),
  verify: z.boolean().default(true),
  replicas: z.array(z.string()).max(16).default([]),
});

/**
 * An open database: the kysely instance, the executor the repositories run on, which database it
 * is, and how to close it.
 *
 * @example
 * ```ts
 * const { db, executor, dialect, display, destroy } = await createDatabase('sqlite::memory:');
 * console.log(`Using ${dialect} at ${display}`);
 * await migrateToLatest(db);
 * const users = createUserRepository(executor);
 * ```
 */
export interface TrussDatabase {
  /** The kysely instance on the Truss schema; pass it to the migrations and your own queries. */
  readonly db: Kysely<Database>;
  /**
   * The {@link Executor} of {@link TrussDatabase.db}, with the driver's fast paths (SQLite's
   * synchronous connection, statements straight to the `pg`/`mysql2` pool): pass it to the
   * repositories (or pass this whole object to {@link createRepositories}).
   */
  readonly executor: Executor;
  /** Which database this is (MariaDB is `mysql`). */
  readonly dialect: DialectName;
  /** The `DATABASE_URL` with its password masked: safe to log. */
  readonly display: string;
  /** One kysely instance per read replica; empty without replicas. */
  readonly replicas: readonly Kysely<Database>[];
  /** Where plain reads go: the replicas in turn, or the primary when there are none. */
  reader(): Kysely<Database>;
  /**
   * {@link TrussDatabase.reader} as executors (with their fast paths): the replicas' in turn, or
   * the primary's when there are none. Fits a repository's `reader` option.
   */
  readExecutor(): Executor;
  /** Closes every connection. Safe to call more than once. */
  destroy(): Promise<void>;
}

function connect(target: DatabaseTarget, settings: PoolSettings): Promise<DialectConnection> {
  switch (target.dialect) {
    case 'sqlite':
      return createSqliteConnection(target);
    case 'postgres':
      return createPostgresConnection(target, settings);
    case 'mysql':
      return createMysqlConnection(target, settings);
  }
}

/**
 * Opens the database a `DATABASE_URL` names: `sqlite:<path>` or `sqlite::memory:` (better-sqlite3,
 * WAL, foreign keys on), `postgres://` / `postgresql://` (a `pg` pool), `mysql://` / `mariadb://`
 * (a `mysql2` pool). Only the chosen driver is loaded. A malformed URL throws a `validation_error`
 * `TrussError`; a server that cannot be reached throws `service_unavailable` naming `host:port`
 * (never the password). The database's {@link Executor} (its driver's fast paths) is built here and
 * handed over as {@link TrussDatabase.executor}. Run {@link migrateToLatest} before using the
 * repositories.
 *
 * @example
 * ```ts
 * const database = await createDatabase(process.env.DATABASE_URL ?? 'sqlite:./data/truss.db');
 * await migrateToLatest(database.db);
 * const users = createUserRepository(database.executor);
 * // …
 * await database.destroy();
 * ```
 */
export async function createDatabase(
  url: string,
  options: CreateDatabaseOptions = {},
): Promise<TrussDatabase> {
  const target = parseDatabaseUrl(url);
  const settings = parseInput(optionsSchema, options, 'database options');
  const replicaTargets = settings.replicas.map((replica, index) => {
    const parsed = parseDatabaseUrl(replica);
    if (parsed.dialect !== target.dialect) {
      throw new TrussError(
        'validation_error',
        `Invalid replica ${index + 1}: it is a ${parsed.dialect} database, but the primary is ${target.dialect}`,
      );
    }
    return parsed;
  });
  const opened: { db: Kysely<Database>; executor: Executor }[] = [];
  try {
    for (const t of [target, ...replicaTargets]) {
      const connection = await connect(t, settings);
      const k = new Kysely<Database>({ dialect: connection.dialect });
      opened.push({ db: k, executor: connection.executor(k) });
      if (settings.verify) await verify(k, t);
    }
  } catch (error) {
    await Promise.all(opened.map(({ db: k }) => k.destroy().catch(() => {})));
    throw error;
  }
  const [primary, ...secondaries] = opened as [(typeof opened)[number], ...typeof opened];
  const replicas = secondaries.map((r) => r.db);
  let next = 0;
  const pick = () =>
    secondaries.length === 0 ? primary : (secondaries[next++ % secondaries.length] ?? primary);
  let destroyed: Promise<void> | undefined;
  return Object.freeze({
    db: primary.db,
    executor: primary.executor,
    dialect: target.dialect,
    display: target.display,
    replicas: Object.freeze(replicas),
    reader: () => pick().db,
    readExecutor: () => pick().executor,
    destroy: () => {
      destroyed ??= Promise.all(opened.map(({ db: k }) => k.destroy())).then(() => {});
      return destroyed;
    },
  });
}

async function verify(db: Kysely<Database>, target: DatabaseTarget): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    if (target.dialect === 'sqlite') {
      throw new TrussError('service_unavailable', `Cannot use the SQLite database at ${target.filename}`, {
        cause: error,
      });
    }
    throw connectionError(target, error);
  }
}
