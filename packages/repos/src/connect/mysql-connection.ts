import { CompiledQuery, type Dialect, MysqlDialect } from 'kysely';
import { loadDriver } from './load-driver.js';
import type { ServerDatabaseTarget } from './parse-database-url.js';
import { registerPoolQuery } from './pool-direct.js';
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
 * The pool is registered for the hot paths that send single statements to it directly.
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
  const dialect = new MysqlDialect({
    pool,
    async onCreateConnection(connection) {
      await connection.executeQuery(CompiledQuery.raw(SESSION_SETUP));
    },
  });
  // Single statements outside a transaction may skip kysely's executor (see `poolQueryOf`). kysely
  // sets up the session of a connection it sees first; this path does the same for a connection
  // it sees first (a connection may get the setup twice: it is idempotent).
  const sessionSet = new WeakSet<object>();
  type Connection = Parameters<Parameters<typeof pool.getConnection>[0]>[1];
  const send = (connection: Connection, sql: string, parameters?: readonly unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      connection.query(sql, parameters as unknown[], (failure, result) =>
        failure ? reject(failure) : resolve(result),
      );
    });
  const checkOut = () =>
    new Promise<Connection>((resolve, reject) => {
      pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection)));
    });
  /** A pool connection whose session is set up, as kysely's `onCreateConnection` does. */
  const acquire = async () => {
    const connection = await checkOut();
    if (!sessionSet.has(connection)) {
      try {
        await send(connection, SESSION_SETUP);
      } catch (error) {
        connection.release();
        throw error;
      }
      sessionSet.add(connection);
    }
    return connection;
  };
  registerPoolQuery(
    dialect,
    async (sql, parameters) => {
      const connection = await acquire();
      try {
        const result = await send(connection, sql, parameters);
        return Array.isArray(result) ? result : [];
      } finally {
        connection.release();
      }
    },
    async (statements) => {
      const connection = await acquire();
      try {
        await send(connection, 'begin');
        for (const [sql, parameters] of statements) await send(connection, sql, parameters);
        await send(connection, 'commit');
      } catch (error) {
        try {
          await send(connection, 'rollback');
        } catch {
          connection.destroy();
          throw error;
        }
        connection.release();
        throw error;
      }
      connection.release();
    },
  );
  return dialect;
}
