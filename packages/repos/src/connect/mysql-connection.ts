import { CompiledQuery, type Dialect, MysqlDialect } from 'kysely';
import { loadDriver } from './load-driver.js';
import type { ServerDatabaseTarget } from './parse-database-url.js';
import type { PoolSettings } from './pool-settings.js';

/**
 * Every connection works in UTC and in strict mode whatever the server's defaults: a value that
 * does not fit its column is an error (→ `validation_error`), never silently truncated or zeroed.
 */
const SESSION_SETUP =
  "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE," +
  "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

/**
 * A kysely dialect on a `mysql2` pool, for MySQL and MariaDB. Timestamps are exchanged in UTC
 * (`timezone: 'Z'` and a UTC session), in strict mode; DECIMAL arrives as an exact string, never a float.
 */
export async function createMysqlDialect(
  target: ServerDatabaseTarget,
  settings: PoolSettings,
): Promise<Dialect> {
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
  return new MysqlDialect({
    pool,
    async onCreateConnection(connection) {
      await connection.executeQuery(CompiledQuery.raw(SESSION_SETUP));
    },
  });
}
