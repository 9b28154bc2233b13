import { isTrussError, type Logger } from '@truss/core';
import type { Middleware } from './types.js';

/**
 * A middleware that logs one line per request when it completes: request id, method, path, route,
 * status, duration in ms and the caller's user id. 5xx answers log at `error`, 4xx at `warn`, the
 * rest at `info`. Put it first in the kernel's `middleware` so it times everything after it.
 *
 * @example
 * ```ts
 * createKernel({ routes, middleware: [logRequests(logger)] });
 * ```
 */
export function logRequests(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    let status = 500;
    try {
      const response = await next();
      status = response.status;
      return response;
    } catch (error) {
      if (isTrussError(error)) status = error.status;
      throw error;
    } finally {
      const entry = {
        requestId: ctx.requestId,
        method: ctx.request.method,
        path: ctx.request.path,
        route: ctx.route.path,
        status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        userId: ctx.principal?.userId,
      };
      if (status >= 500) logger.error(entry, 'request failed');
      else if (status >= 400) logger.warn(entry, 'request refused');
      else logger.info(entry, 'request');
    }
  };
}
