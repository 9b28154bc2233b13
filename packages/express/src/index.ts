/**
 * Serves a Truss HTTP kernel on Express. One middleware routes with the kernel's router, reads the
 * body with the kernel's limit and writes the kernel's response; the adapter never picks a status.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createKernelMiddleware } from '@truss/express';
 * import { handleClientErrors } from '@truss/http';
 *
 * const app = express();
 * app.use(createKernelMiddleware(kernel));
 * handleClientErrors(app.listen(3000), kernel); // the kernel answers what Node's parser refuses
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

/** What the kernel reads of a request outside a route: headers and protocol (CORS, HSTS). */
function headOf(req: Request, path: string) {
  return { method: req.method, path, headers: req.headers, protocol: protocolOf(req) };
}

/** `https` over TLS or behind a proxy Express trusts (`trust proxy`) that says so. */
function protocolOf(req: Request): 'http' | 'https' {
  return req.protocol === 'https' ? 'https' : 'http';
}

async function write(res: Response, response: TrussResponse): Promise<void> {
  // Express announces itself (`X-Powered-By`) unless told not to; a kernel response does not.
  res.removeHeader('x-powered-by');
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
 * Requests Node's HTTP parser refuses never reach Express: call `handleClientErrors(server, kernel)`
 * of `@truss/http` on the server `app.listen` returns so the kernel answers those too.
 *
 * @example
 * ```ts
 * app.use(createKernelMiddleware(kernel, { passThrough: true }));
 * ```
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
      return write(res, kernel.notFound(headOf(req, path)));
    }
    let body: string | undefined;
    try {
      body = await bodyOf(req, kernel.bodyLimit);
    } catch (error) {
      res.setHeader('connection', 'close');
      return write(res, kernel.renderError(error, headOf(req, path)));
    }
    const response = await match.route.handle({
      method: req.method,
      path,
      headers: req.headers,
      query: req.query as Record<string, unknown>,
      params: match.params,
      body,
      ip: req.ip,
      protocol: protocolOf(req),
    });
    await write(res, response);
  };
}
