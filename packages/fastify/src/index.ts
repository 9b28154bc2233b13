/**
 * Serves a Truss HTTP kernel on Fastify. Each kernel route becomes a native Fastify route, so Fastify
 * routes and reads bodies as fast as it does; the kernel does everything else. The adapter only
 * translates: it never picks a status.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { registerKernel } from '@truss/fastify';
 *
 * const app = Fastify();
 * registerKernel(app, kernel);
 * await app.listen({ port: 3000 });
 * ```
 *
 * @module @truss/fastify
 */

import { Readable } from 'node:stream';
import { TrussError } from '@truss/core';
import type { Kernel, KernelRoute, TrussResponse } from '@truss/http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function send(reply: FastifyReply, response: TrussResponse): FastifyReply {
  reply.code(response.status).headers(response.headers);
  if (response.stream) return reply.send(Readable.from(response.stream, { objectMode: false }));
  return response.body === undefined ? reply.send() : reply.send(response.body);
}

/** Turns Fastify's own errors (body limit, bad content length) into kernel errors. */
function toKernelError(error: FastifyError): unknown {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new TrussError('payload_too_large', 'Request body is too large');
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new TrussError('bad_request', 'The request could not be read');
  return error;
}

function handlerFor(entry: KernelRoute) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const response = await entry.handle({
      method: request.method,
      path: pathOf(request.url),
      headers: request.headers,
      query: request.query as Record<string, unknown>,
      params: request.params as Record<string, string>,
      body: typeof request.body === 'string' ? request.body : undefined,
      ip: request.ip,
    });
    return send(reply, response);
  };
}

/**
 * Registers every route of `kernel` on `app`, plus the kernel's 404/405 and error rendering. Request
 * bodies reach the kernel as text (the kernel parses them), limited to `kernel.bodyLimit` bytes.
 */
export function registerKernel(app: FastifyInstance, kernel: Kernel): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'string', bodyLimit: kernel.bodyLimit },
    (_request, body, done) => {
      done(null, body);
    },
  );
  for (const entry of kernel.routes) {
    app.route({
      method: entry.method,
      url: entry.path,
      bodyLimit: kernel.bodyLimit,
      handler: handlerFor(entry),
    });
  }
  app.setNotFoundHandler((request, reply) =>
    send(reply, kernel.notFound({ method: request.method, path: pathOf(request.url) })),
  );
  app.setErrorHandler((error: FastifyError, _request, reply) =>
    send(reply, kernel.renderError(toKernelError(error))),
  );
}
