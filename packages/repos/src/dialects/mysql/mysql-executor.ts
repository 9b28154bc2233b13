import type { Kysely } from 'kysely';
import type { Executor } from '../../executor/executor.js';
import { createKyselyExecutor } from '../../executor/kysely-executor.js';
import type { PreparedQuery } from '../../executor/prepared-query.js';
import type { Database } from '../../schema.js';
import type { MysqlPoolAccess } from './mysql-pool.js';

/**
 * The {@link Executor} of a MySQL/MariaDB database. Given direct access to the `mysql2` pool under
 * `db` (as {@link createDatabase} does), single statements outside a transaction go to the pool
 * directly, and a batch runs `BEGIN` … `COMMIT` on one pool connection (rolled back on any
 * failure), without kysely's executor around them. A transaction's executor, and one without pool
 * access, go through kysely (a batch then joins the transaction, or opens one).
 *
 * @example
 * ```ts
 * const pool = mysql.createPool({ host, user, database, timezone: 'Z' });
 * const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
 * const executor = createMysqlExecutor(db, createMysqlPoolAccess(pool));
 * ```
 */
export function createMysqlExecutor(db: Kysely<Database>, pool?: MysqlPoolAccess): Executor {
  const inTransaction = (trx: Kysely<Database>) => createMysqlExecutor(trx);
  if (pool === undefined || db.isTransaction) return createKyselyExecutor(db, { inTransaction });
  const on = { db, dialect: 'mysql' as const };
  const rows = async <R>(query: PreparedQuery<R>, parameters: readonly unknown[]) =>
    (await pool.query(query.compile(on).sql, parameters)) as R[];
  return createKyselyExecutor(db, {
    inTransaction,
    rows,
    one: async <R>(query: PreparedQuery<R>, parameters: readonly unknown[]) =>
      (await rows(query, parameters))[0] ?? null,
    batch: (batch, parameters) =>
      pool.batch(
        batch.queries.map((query, index) => [query.compile(on).sql, parameters[index] ?? []] as const),
      ),
  });
}
