/**
 * Serves a Truss HTTP kernel on Fastify. Each kernel route becomes a native Fastify route, so Fastify
 * routes and reads bodies as fast as it does; the kernel does everything else. The adapter only
 * translates: it never picks a status.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { fastifyOptions, registerKernel } from '@truss/fastify';
 *
 * const app = Fastify({ ...fastifyOptions(kernel), logger: true });
 * registerKernel(app, kernel);
 * await app.listen({ port: 3000 });
 * ```
 *
 * @module @truss/fastify
 */

import { Readable } from 'node:stream';
import { isTrussError, TrussError } from '@truss/core';
import {
  decodeBody,
  handleClientErrors,
  type Kernel,
  type KernelRoute,
  type TrussResponse,
} from '@truss/http';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** What the kernel reads of a request outside a route: headers and protocol (CORS, HSTS). */
function headOf(request: FastifyRequest) {
  return {
    method: request.method,
    path: pathOf(request.url),
    headers: request.headers,
    protocol: request.protocol,
  };
}

function send(reply: FastifyReply, response: TrussResponse): FastifyReply {
  reply.code(response.status).headers(response.headers);
  if (response.stream) return reply.send(Readable.from(response.stream, { objectMode: false }));
  return response.body === undefined ? reply.send() : reply.send(response.body);
}

/** Turns Fastify's own errors (body limit, bad URL, long parameter) into kernel errors. */
function toKernelError(error: FastifyError, kernel: Kernel): unknown {
  if (isTrussError(error)) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new TrussError('payload_too_large', 'Request body is too large');
    case 'FST_ERR_BAD_URL':
      return new TrussError('bad_request', 'The path has a malformed percent-encoding');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new TrussError(
        'uri_too_long',
        `A path parameter is longer than ${kernel.maxParamLength} characters`,
      );
  }
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
      protocol: request.protocol,
    });
    return send(reply, response);
  };
}

/**
 * The Fastify constructor options the kernel needs: its errors for requests Fastify refuses before
 * routing (`frameworkErrors`: a bad percent-encoding, a path parameter over the kernel's
 * `maxParamLength`), the same parameter limit and trailing-slash matching in Fastify's router, and the body limit. Spread them
 * into `Fastify({ … })`; without them those requests get Fastify's own `FST_ERR_*` bodies.
 *
 * @example
 * ```ts
 * const app = Fastify({ ...fastifyOptions(kernel), trustProxy: true });
 * ```
 */
export function fastifyOptions(
  kernel: Kernel,
): Required<Pick<FastifyServerOptions, 'frameworkErrors' | 'routerOptions' | 'bodyLimit'>> {
  return {
    frameworkErrors: (error, request, reply) => {
      send(reply, kernel.renderError(toKernelError(error, kernel), headOf(request)));
    },
    // The kernel matches `/a/` as `/a` (so does Express): Fastify must agree.
    routerOptions: { maxParamLength: kernel.maxParamLength, ignoreTrailingSlash: true },
    bodyLimit: kernel.bodyLimit,
  };
}

/**
 * Registers every route of `kernel` on `app`, plus the kernel's 404/405 (and CORS preflight)
 * answers, its error rendering, and its answers to requests Node's HTTP parser refuses
 * (`handleClientErrors` on `app.server`). Request bodies reach the kernel as UTF-8 text, limited to
 * `kernel.bodyLimit` bytes. Create `app` with {@link fastifyOptions}.
 *
 * @example
 * ```ts
 * registerKernel(Fastify(fastifyOptions(kernel)), kernel);
 * ```
 */
export function registerKernel(app: FastifyInstance, kernel: Kernel): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: kernel.bodyLimit }, (request, body, done) => {
    try {
      done(null, decodeBody(body as Buffer, request.headers));
    } catch (error) {
      done(error as Error);
    }
  });
  for (const entry of kernel.routes) {
    app.route({
      method: entry.method,
      url: entry.path,
      bodyLimit: kernel.bodyLimit,
      handler: handlerFor(entry),
    });
  }
  app.setNotFoundHandler((request, reply) => send(reply, kernel.notFound(headOf(request))));
  app.setErrorHandler((error: FastifyError, request, reply) =>
    send(reply, kernel.renderError(toKernelError(error, kernel), headOf(request))),
  );
  handleClientErrors(app.server, kernel);
}
