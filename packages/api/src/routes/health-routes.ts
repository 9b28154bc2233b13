import { defineRoute, json, type Route } from '@truss/http';
import { z } from 'zod';

/**
 * What {@link healthRoutes} checks: a name per dependency and a check that throws (or rejects)
 * when it is down.
 *
 * @example
 * ```ts
 * const deps: HealthRoutesDeps = { checks: { database: () => sql`select 1`.execute(db).then(() => {}) } };
 * ```
 */
export interface HealthRoutesDeps {
  checks: Readonly<Record<string, () => Promise<void>>>;
  /** How long one check may take before it counts as down, ms. Default 2000. */
  timeoutMs?: number;
}

const healthView = z.object({
  status: z.enum(['ok', 'error']),
  checks: z.record(z.string(), z.enum(['ok', 'unavailable'])),
});

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `GET /healthz`: 200 `{ status: 'ok', checks: { database: 'ok' } }` when every check passes within
 * its time, 503 naming what is unavailable otherwise. Never cached.
 *
 * @example
 * ```ts
 * const routes = healthRoutes({ checks: { database: async () => { await sql`select 1`.execute(db); } } });
 * ```
 */
export function healthRoutes(deps: HealthRoutesDeps): Route[] {
  const timeoutMs = deps.timeoutMs ?? 2000;
  return [
    defineRoute({
      method: 'GET',
      path: '/healthz',
      summary: 'Health of the server and its dependencies',
      response: healthView,
      handler: async () => {
        const names = Object.keys(deps.checks);
        const results = await Promise.allSettled(
          names.map((name) => within((deps.checks[name] as () => Promise<void>)(), timeoutMs)),
        );
        const checks = Object.fromEntries(
          names.map((name, i) => [name, results[i]?.status === 'fulfilled' ? 'ok' : 'unavailable'] as const),
        );
        const ok = results.every((result) => result.status === 'fulfilled');
        const status: 'ok' | 'error' = ok ? 'ok' : 'error';
        return json({ status, checks }, ok ? 200 : 503, { 'cache-control': 'no-store' });
      },
    }),
  ];
}
