/**
 * Serves a Truss HTTP kernel on Express. One middleware routes with the kernel's router, reads the
 * body with the kernel's limit and writes the kernel's response; the adapter never picks a status.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createKernelMiddleware } from '@truss/express';
 *
 * const app = express();
 * app.use(createKernelMiddleware(kernel));
 * app.listen(3000);
 * ```
 *
 * @module @truss/express
 */

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kernel, TrussResponse } from '@truss/http';
import { readBodyText } from '@truss/http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Options of {@link createKernelMiddleware}. */
export interface KernelMiddlewareOptions {
  /**
   * When `true`, a request no kernel route serves goes on to the next Express handler instead of
   * getting the kernel's 404/405. Default `false`.
   */
  passThrough?: boolean;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

async function write(res: Response, response: TrussResponse): Promise<void> {
  if (response.stream) {
    res.writeHead(response.status, response.headers);
    // pipeline applies backpressure and destroys the source if the client goes away.
    await pipeline(Readable.from(response.stream, { objectMode: false }), res).catch(() => res.destroy());
    return;
  }
  if (response.body === undefined) {
    res.writeHead(response.status, response.headers).end();
    return;
  }
  const text = JSON.stringify(response.body);
  res
    .writeHead(response.status, {
      ...response.headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
    })
    .end(text);
}

async function bodyOf(req: Request, limit: number): Promise<string | undefined> {
  // A body parser mounted before us has consumed the stream already: take what it parsed.
  if (req.readableEnded)
    return typeof req.body === 'string'
      ? req.body
      : req.body === undefined
        ? undefined
        : JSON.stringify(req.body);
  return readBodyText(req, req.headers, limit);
}

/**
 * An Express middleware serving every route of `kernel`. Mount it at the root (`app.use(…)`): kernel
 * paths are absolute. Do not put `express.json()` in front of it; the kernel reads bodies itself.
 */
export function createKernelMiddleware(
  kernel: Kernel,
  options: KernelMiddlewareOptions = {},
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const path = pathOf(req.originalUrl);
    const match = kernel.match(req.method, path);
    if (!match) {
      if (options.passThrough) return next();
      return write(res, kernel.notFound({ method: req.method, path }));
    }
    let body: string | undefined;
    try {
      body = await bodyOf(req, kernel.bodyLimit);
    } catch (error) {
      res.setHeader('connection', 'close');
      return write(res, kernel.renderError(error));
    }
    const response = await match.route.handle({
      method: req.method,
      path,
      headers: req.headers,
      query: req.query as Record<string, unknown>,
      params: match.params,
      body,
      ip: req.ip,
    });
    await write(res, response);
  };
}
