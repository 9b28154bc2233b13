import { MYSQL_SESSION_SETUP } from './mysql-session.js';

/**
 * The part of a `mysql2` pool connection (callback API) the direct path uses.
 *
 * @example
 * ```ts
 * pool.getConnection((error, connection: MysqlConnectionLike) => connection.release());
 * ```
 */
export interface MysqlConnectionLike {
  query(
    sql: string,
    parameters: unknown[] | undefined,
    callback: (error: unknown, result: unknown) => void,
  ): void;
  release(): void;
  destroy(): void;
}

/**
 * The part of a `mysql2` pool (callback API, as kysely drives it) the direct path uses; a
 * `mysql2` `Pool` fits.
 *
 * @example
 * ```ts
 * const pool: MysqlPoolLike = mysql.createPool({ host, user, database });
 * ```
 */
export interface MysqlPoolLike {
  getConnection(callback: (error: unknown, connection: MysqlConnectionLike) => void): void;
}

/**
 * Statements sent to a `mysql2` pool directly, each connection set up with
 * {@link MYSQL_SESSION_SETUP} before its first statement (as kysely's `onCreateConnection` does for
 * the connections it sees first).
 *
 * @example
 * ```ts
 * const direct = createMysqlPoolAccess(pool);
 * const rows = await direct.query('select * from users where id = ?', [id]);
 * ```
 */
export interface MysqlPoolAccess {
  /** Runs one statement on a pool connection of its own (autocommit), answering its rows. */
  query(sql: string, parameters: readonly unknown[]): Promise<unknown[]>;
  /**
   * Runs statements, in order, in one transaction on a pool connection of its own: `BEGIN`, each
   * statement, `COMMIT`; on any failure `ROLLBACK` (a connection whose rollback fails is destroyed)
   * and the failure is rethrown.
   */
  batch(statements: readonly (readonly [sql: string, parameters: readonly unknown[]])[]): Promise<void>;
}

/**
 * {@link MysqlPoolAccess} on `pool`.
 *
 * @example
 * ```ts
 * await createMysqlPoolAccess(pool).batch([
 *   ['insert into orders (…) values (…)', orderParameters],
 *   ['insert into order_items (…) values (…)', itemParameters],
 * ]);
 * ```
 */
export function createMysqlPoolAccess(pool: MysqlPoolLike): MysqlPoolAccess {
  const sessionSet = new WeakSet<object>();
  const send = (connection: MysqlConnectionLike, sql: string, parameters?: readonly unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      connection.query(sql, parameters as unknown[] | undefined, (failure, result) =>
        failure ? reject(failure) : resolve(result),
      );
    });
  const checkOut = () =>
    new Promise<MysqlConnectionLike>((resolve, reject) => {
      pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection)));
    });
  /** A pool connection whose session is set up. */
  const acquire = async () => {
    const connection = await checkOut();
    if (!sessionSet.has(connection)) {
      try {
        await send(connection, MYSQL_SESSION_SETUP);
      } catch (error) {
        connection.release();
        throw error;
      }
      sessionSet.add(connection);
    }
    return connection;
  };
  return Object.freeze({
    async query(sql: string, parameters: readonly unknown[]) {
      const connection = await acquire();
      try {
        const result = await send(connection, sql, parameters);
        return Array.isArray(result) ? result : [];
      } finally {
        connection.release();
      }
    },
    async batch(statements: readonly (readonly [sql: string, parameters: readonly unknown[]])[]) {
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
  });
}
