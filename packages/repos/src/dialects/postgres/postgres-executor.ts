import type { Kysely } from 'kysely';
import type { Executor } from '../../executor/executor.js';
import { createKyselyExecutor, kyselyRows } from '../../executor/kysely-executor.js';
import type { PreparedQuery } from '../../executor/prepared-query.js';
import type { Database } from '../../schema.js';
import { combinedStatement } from './postgres-batch.js';

/**
 * The part of a `pg` pool the PostgreSQL executor sends statements to (a `pg.Pool` fits).
 *
 * @example
 * ```ts
 * const pool: PgPoolLike = new pg.Pool({ connectionString });
 * ```
 */
export interface PgPoolLike {
  query(sql: string, parameters: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * The {@link Executor} of a PostgreSQL database. A batch is one statement
 * ({@link combinedStatement}), atomic on its own. Given the `pg` pool under `db` (as
 * {@link createDatabase} does), single statements outside a transaction go to the pool directly,
 * as kysely would send them (check a client out, query, release) without kysely's executor around
 * them. A transaction's executor goes through kysely, on the transaction's connection.
 *
 * @example
 * ```ts
 * const pool = new pg.Pool({ connectionString });
 * const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
 * const executor = createPostgresExecutor(db, pool);
 * ```
 */
export function createPostgresExecutor(db: Kysely<Database>, pool?: PgPoolLike): Executor {
  const on = { db, dialect: 'postgres' as const };
  const direct = db.isTransaction ? undefined : pool;
  const rows =
    direct === undefined
      ? <R>(query: PreparedQuery<R>, parameters: readonly unknown[]) => kyselyRows(on, query, parameters)
      : async <R>(query: PreparedQuery<R>, parameters: readonly unknown[]) =>
          (await direct.query(query.compile(on).sql, [...parameters])).rows as R[];
  return createKyselyExecutor(db, {
    inTransaction: (trx) => createPostgresExecutor(trx),
    rows,
    one: async <R>(query: PreparedQuery<R>, parameters: readonly unknown[]) =>
      (await rows(query, parameters))[0] ?? null,
    batch: async (batch, parameters) => {
      await rows(combinedStatement(batch), parameters.flat());
    },
  });
}
