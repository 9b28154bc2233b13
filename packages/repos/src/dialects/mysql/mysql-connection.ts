import { CompiledQuery, MysqlDialect } from 'kysely';
import { loadDriver } from '../../connect/load-driver.js';
import type { ServerDatabaseTarget } from '../../connect/parse-database-url.js';
import type { PoolSettings } from '../../connect/pool-settings.js';
import type { DialectConnection } from '../dialect-connection.js';
import { createMysqlExecutor } from './mysql-executor.js';
import { createMysqlPoolAccess, type MysqlPoolLike } from './mysql-pool.js';
import { MYSQL_SESSION_SETUP } from './mysql-session.js';

/**
 * Opens a `mysql2` pool (loaded here, on first use) for MySQL or MariaDB, and the kysely dialect on
 * it. Timestamps are exchanged in UTC (`timezone: 'Z'` and a UTC session), in strict mode; DECIMAL
 * arrives as an exact string, never a float. The executor it makes sends single statements and
 * batches outside a transaction to the pool directly (see {@link createMysqlExecutor}), each
 * connection set up as kysely's are.
 *
 * @example
 * ```ts
 * const target = parseDatabaseUrl('mysql://root@127.0.0.1/test') as ServerDatabaseTarget;
 * const connection = await createMysqlConnection(target, { poolSize: 10, connectTimeoutMs: 5000 });
 * ```
 */
export async function createMysqlConnection(
  target: ServerDatabaseTarget,
  settings: PoolSettings,
): Promise<DialectConnection> {
  const mysql = await loadDriver('mysql2', 'MySQL/MariaDB', () => import('mysql2'));
  const pool = mysql.createPool({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    connectionLimit: settings.poolSize,
    connectTimeout: settings.connectTimeoutMs,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: false,
    decimalNumbers: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    ...(target.tls === 'off' ? {} : { ssl: { rejectUnauthorized: target.tls === 'verify' } }),
  });
  const dialect = new MysqlDialect({
    pool,
    async onCreateConnection(connection) {
      await connection.executeQuery(CompiledQuery.raw(MYSQL_SESSION_SETUP));
    },
  });
  const direct = createMysqlPoolAccess(pool as unknown as MysqlPoolLike);
  return { dialect, executor: (db) => createMysqlExecutor(db, direct) };
}
