import { defineRoute, json, type Route } from '@truss/http';

/** `GET /healthz`: 200 when the server and its database answer, 503 otherwise. */
export function healthRoutes(checkDatabase: () => Promise<void>): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/healthz',
      summary: 'Liveness and database health',
      handler: async () => {
        try {
          await checkDatabase();
          return json({ status: 'ok', checks: { database: 'ok' } }, 200, { 'cache-control': 'no-store' });
        } catch {
          return json({ status: 'error', checks: { database: 'unavailable' } }, 503, {
            'cache-control': 'no-store',
          });
        }
      },
    }),
  ];
}
