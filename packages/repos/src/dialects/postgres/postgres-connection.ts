import { PostgresDialect } from 'kysely';
import { loadDriver } from '../../connect/load-driver.js';
import type { ServerDatabaseTarget } from '../../connect/parse-database-url.js';
import type { PoolSettings } from '../../connect/pool-settings.js';
import type { DialectConnection } from '../dialect-connection.js';
import { createPostgresExecutor } from './postgres-executor.js';

/**
 * Opens a `pg` pool (`pg` is loaded here, on first use) and the kysely dialect on it. The executor it
 * makes sends single statements outside a transaction to the pool directly (see
 * {@link createPostgresExecutor}).
 *
 * @example
 * ```ts
 * const target = parseDatabaseUrl('postgres://app@127.0.0.1/truss') as ServerDatabaseTarget;
 * const connection = await createPostgresConnection(target, { poolSize: 10, connectTimeoutMs: 5000 });
 * ```
 */
export async function createPostgresConnection(
  target: ServerDatabaseTarget,
  settings: PoolSettings,
): Promise<DialectConnection> {
  const { default: pg } = await loadDriver('pg', 'PostgreSQL', () => import('pg'));
  const pool = new pg.Pool({
    connectionString: target.url,
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeoutMs,
  });
  // An idle client that loses its server emits `error` on the pool; unhandled, it would end the
  // process. The next query checks out a fresh client, and fails cleanly if the server is gone.
  pool.on('error', () => {});
  // A client checked out but between statements (inside a transaction, say) that loses its server
  // emits `error` on itself, with no listener: it would end the process too. The transaction's next
  // statement fails cleanly instead.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return {
    dialect: new PostgresDialect({ pool }),
    executor: (db) => createPostgresExecutor(db, pool),
  };
}
