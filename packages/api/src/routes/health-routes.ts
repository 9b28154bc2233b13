import { defineRoute, json, type Route } from '@truss/http';
import { z } from 'zod';

/**
 * One readiness check: resolves when the dependency answers, throws (or rejects) when it does not.
 * `signal` aborts when the check runs out of time, for checks that can stop early.
 *
 * @example
 * ```ts
 * const database: ReadinessCheck = async () => { await sql`select 1`.execute(db); };
 * ```
 */
export type ReadinessCheck = (signal: AbortSignal) => Promise<unknown>;

/**
 * What {@link healthRoutes} checks: a name per dependency (`database`, `redis`, `broker`…) and its
 * check. Add one by adding a key: `/readyz` names each in its answer.
 *
 * @example
 * ```ts
 * const deps: HealthRoutesDeps = {
 *   checks: { database: () => sql`select 1`.execute(db), redis: () => redis.ping() },
 *   timeoutMs: 1000,
 * };
 * ```
 */
export interface HealthRoutesDeps {
  checks: Readonly<Record<string, ReadinessCheck>>;
  /** How long one check may take before it counts as down, ms. Default 2000. */
  timeoutMs?: number;
  /** `true` once the server is shutting down: `/readyz` answers 503 `shutting_down` from then on. */
  draining?: () => boolean;
}

/** The state of one check in a `/readyz` answer. */
const checkState = z.enum(['ok', 'unavailable', 'timeout']);

/**
 * The body of `GET /readyz`: `status` and the state of each named check.
 *
 * @example
 * ```ts
 * readinessView.parse(await res.json()); // { status: 'error', checks: { database: 'timeout' } }
 * ```
 */
export const readinessView = z.object({
  status: z.enum(['ok', 'error', 'shutting_down']),
  checks: z.record(z.string(), checkState),
});

/**
 * The body of `GET /healthz`: `{ status: 'ok' }`.
 *
 * @example
 * ```ts
 * livenessView.parse(await res.json());
 * ```
 */
export const livenessView = z.object({ status: z.literal('ok') });

type CheckState = z.infer<typeof checkState>;
type CheckResult = { state: CheckState; error?: unknown };

/** Runs `check` within `ms`; a check still running from an earlier probe is joined, not started again. */
function bounded(check: ReadinessCheck, ms: number, running: { current?: Promise<unknown> }) {
  const controller = new AbortController();
  running.current ??= Promise.resolve()
    .then(() => check(controller.signal))
    .finally(() => {
      running.current = undefined;
    });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`no answer within ${ms} ms`));
      resolve({ state: 'timeout' });
    }, ms);
  });
  const result = running.current.then(
    (): CheckResult => ({ state: 'ok' }),
    (error: unknown): CheckResult => ({ state: 'unavailable', error }),
  );
  return Promise.race([result, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `GET /healthz` (liveness): 200 `{ status: 'ok' }` while the process answers; it checks nothing,
 * so a dependency outage never gets a healthy process restarted. `GET /readyz` (readiness): every
 * check at once, each within `timeoutMs`; 200 `{ status: 'ok', checks: { database: 'ok' } }`, or 503
 * naming each check that is `unavailable` or ran into its `timeout` (the reason goes to the log,
 * not to the client), or 503 `shutting_down` while the server drains. Never cached.
 *
 * @example
 * ```ts
 * const routes = healthRoutes({ checks: { database: () => sql`select 1`.execute(db) } });
 * ```
 */
export function healthRoutes(deps: HealthRoutesDeps): Route[] {
  const timeoutMs = deps.timeoutMs ?? 2000;
  const names = Object.keys(deps.checks);
  const running = Object.fromEntries(names.map((name) => [name, {} as { current?: Promise<unknown> }]));
  const noStore = { 'cache-control': 'no-store' };
  return [
    defineRoute({
      method: 'GET',
      path: '/healthz',
      summary: 'Liveness: the process answers (checks no dependency)',
      response: livenessView,
      handler: () => json({ status: 'ok' as const }, 200, noStore),
    }),
    defineRoute({
      method: 'GET',
      path: '/readyz',
      summary: 'Readiness: every dependency answers within its time (503 naming those that do not)',
      response: readinessView,
      handler: async ({ ctx }) => {
        const results = await Promise.all(
          names.map((name) => bounded(deps.checks[name] as ReadinessCheck, timeoutMs, running[name] ?? {})),
        );
        const checks: Record<string, CheckState> = {};
        names.forEach((name, i) => {
          const result = results[i] as CheckResult;
          checks[name] = result.state;
          if (result.state !== 'ok') {
            ctx.log.warn({ check: name, state: result.state, err: result.error }, 'readiness check failed');
          }
        });
        if (deps.draining?.()) return json({ status: 'shutting_down' as const, checks }, 503, noStore);
        const ok = results.every((result) => result.state === 'ok');
        return json({ status: ok ? ('ok' as const) : ('error' as const), checks }, ok ? 200 : 503, noStore);
      },
    }),
  ];
}
