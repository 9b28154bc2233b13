import { type Dialect, PostgresDialect } from 'kysely';
import { loadDriver } from './load-driver.js';
import type { ServerDatabaseTarget } from './parse-database-url.js';
import type { PoolSettings } from './pool-settings.js';

/** A kysely dialect on a `pg` pool. `pg` is loaded only here, on first use. */
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
  return new PostgresDialect({ pool });
}
