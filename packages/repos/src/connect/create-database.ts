import { parseInput, TrussError } from '@truss/core';
import { type Dialect, Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DialectName } from '../dialect.js';
import type { Database } from '../schema.js';
import { connectionError } from './connection-error.js';
import { createMysqlDialect } from './mysql-connection.js';
import { type DatabaseTarget, parseDatabaseUrl } from './parse-database-url.js';
import { sharePoolQuery } from './pool-direct.js';
import type { PoolSettings } from './pool-settings.js';
import { createPostgresDialect } from './postgres-connection.js';
import { createSqliteDialect } from './sqlite-connection.js';
import { shareSqliteSync } from './sqlite-sync.js';

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
   * {@link TrussDatabase.reader} send plain reads to them in turn; writes, reads that follow a
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
 * An open database: the kysely instance, which database it is, and how to close it.
 *
 * @example
 * ```ts
 * const { db, dialect, display, destroy } = await createDatabase('sqlite::memory:');
 * console.log(`Using ${dialect} at ${display}`);
 * ```
 */
export interface TrussDatabase {
  /** The kysely instance on the Truss schema; pass it to the repositories and migrations. */
  readonly db: Kysely<Database>;
  /** Which database this is (MariaDB is `mysql`). */
  readonly dialect: DialectName;
  /** The `DATABASE_URL` with its password masked: safe to log. */
  readonly display: string;
  /** One kysely instance per read replica; empty without replicas. */
  readonly replicas: readonly Kysely<Database>[];
  /** Where plain reads go: the replicas in turn, or the primary when there are none. */
  reader(): Kysely<Database>;
  /** Closes every connection. Safe to call more than once. */
  destroy(): Promise<void>;
}

function createDialect(target: DatabaseTarget, settings: PoolSettings): Promise<Dialect> {
  switch (target.dialect) {
    case 'sqlite':
      return createSqliteDialect(target);
    case 'postgres':
      return createPostgresDialect(target, settings);
    case 'mysql':
      return createMysqlDialect(target, settings);
  }
}

/**
 * Opens the database a `DATABASE_URL` names: `sqlite:<path>` or `sqlite::memory:` (better-sqlite3,
 * WAL, foreign keys on), `postgres://` / `postgresql://` (a `pg` pool), `mysql://` / `mariadb://`
 * (a `mysql2` pool). Only the chosen driver is loaded. A malformed URL throws a `validation_error`
 * `TrussError`; a server that cannot be reached throws `service_unavailable` naming `host:port`
 * (never the password). Run {@link migrateToLatest} before using the repositories.
 *
 * @example
 * ```ts
 * const database = await createDatabase(process.env.DATABASE_URL ?? 'sqlite:./data/truss.db');
 * await migrateToLatest(database.db);
 * const users = createUserRepository(database.db);
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
  const opened: Kysely<Database>[] = [];
  try {
    for (const t of [target, ...replicaTargets]) {
      const dialect = await createDialect(t, settings);
      const k = new Kysely<Database>({ dialect });
      shareSqliteSync(dialect, k);
      sharePoolQuery(dialect, k);
      opened.push(k);
      if (settings.verify) await verify(k, t);
    }
  } catch (error) {
    await Promise.all(opened.map((k) => k.destroy().catch(() => {})));
    throw error;
  }
  const [db, ...replicas] = opened as [Kysely<Database>, ...Kysely<Database>[]];
  let next = 0;
  let destroyed: Promise<void> | undefined;
  return Object.freeze({
    db,
    dialect: target.dialect,
    display: target.display,
    replicas: Object.freeze(replicas),
    reader: () => (replicas.length === 0 ? db : (replicas[next++ % replicas.length] ?? db)),
    destroy: () => {
      destroyed ??= Promise.all(opened.map((k) => k.destroy())).then(() => {});
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
