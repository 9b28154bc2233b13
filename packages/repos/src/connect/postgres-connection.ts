import { type Dialect, PostgresDialect } from 'kysely';
import { loadDriver } from './load-driver.js';
import type { ServerDatabaseTarget } from './parse-database-url.js';
import { registerPoolQuery } from './pool-direct.js';
import type { PoolSettings } from './pool-settings.js';

/**
 * A kysely dialect on a `pg` pool. `pg` is loaded only here, on first use. The pool is registered
 * for the hot paths that send single statements to it directly (`poolQueryOf`).
 */
export async function createPostgresDialect(
  target: ServerDatabaseTarget,
  settings: PoolSettings,
): Promise<Dialect> {
  const { default: pg } = await loadDriver('pg', 'PostgreSQL', () => import('pg'));
  const pool = new pg.Pool({
    connectionString: target.url,
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeoutMs,
  });
  // An idle client that loses its server emits `error` on the pool; unhandled, it would end the
  // process. The next query checks out a fresh client, and fails cleanly if the server is gone.
  pool.on('error', () => {});
  const dialect = new PostgresDialect({ pool });
  // Single statements outside a transaction may skip kysely's executor (see `poolQueryOf`).
  registerPoolQuery(dialect, async (sql, parameters) => (await pool.query(sql, [...parameters])).rows);
  return dialect;
}
