import type { Server, ServerResponse } from 'node:http';

/** Closes an HTTP server gracefully; see {@link trackRequests}. */
export interface GracefulClose {
  /** Requests being answered now. */
  readonly inFlight: number;
  /**
   * Stops accepting connections, lets the requests in flight finish (each answered with
   * `Connection: close`), closes idle keep-alive connections at once and every other one as soon as
   * its response is done. After `timeoutMs` the connections still open are cut. Resolves when the
   * server is closed, with the number of requests that were cut.
   */
  close(timeoutMs: number): Promise<{ cut: number }>;
}

/**
 * Tracks the requests of a Node HTTP server (Fastify's `app.server`, Express's `listen()` result)
 * so it can close without dropping one. Node's `server.close()` alone stops accepting but keeps
 * answering `Connection: keep-alive` on busy connections, which then stay open until their
 * keep-alive timeout (5 s on Node, 72 s on Fastify): a client could keep sending requests on them.
 *
 * @example
 * ```ts
 * const tracker = trackRequests(app.server);
 * process.on('SIGTERM', async () => { await tracker.close(10_000); process.exit(0); });
 * ```
 */
export function trackRequests(server: Server, closeServer?: () => Promise<void>): GracefulClose {
  const active = new Set<ServerResponse>();
  let closing = false;
  const refuseKeepAlive = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };
  server.on('request', (_req, res: ServerResponse) => {
    if (res.writableEnded) return;
    if (closing) refuseKeepAlive(res);
    active.add(res);
    res.once('close', () => {
      active.delete(res);
      if (closing) server.closeIdleConnections();
    });
  });
  return {
    get inFlight() {
      return active.size;
    },
    async close(timeoutMs) {
      closing = true;
      for (const res of active) refuseKeepAlive(res);
      const closed =
        closeServer?.() ??
        new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeIdleConnections();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), timeoutMs);
      });
      const outcome = await Promise.race([closed.then(() => 'closed' as const), late]);
      clearTimeout(timer);
      if (outcome === 'closed') return { cut: 0 };
      const cut = active.size;
      server.closeAllConnections();
      await closed;
      return { cut };
    },
  };
}
