import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@truss/core';
import { createKernelMiddleware } from '@truss/express';
import { fastifyOptions, registerKernel } from '@truss/fastify';
import { handleClientErrors } from '@truss/http';
import express from 'express';
import Fastify from 'fastify';
import type { App, AppOptions } from './app.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { trackRequests } from './graceful-close.js';

/** A running reference server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /**
   * Shuts down gracefully: `/readyz` answers 503, no new connection is accepted, the requests in
   * flight finish (within `SHUTDOWN_TIMEOUT`, then their connections are cut), then the database
   * closes.
   */
  close(): Promise<void>;
}

function urlOf(address: AddressInfo | string | null): string {
  if (!address || typeof address === 'string') throw new Error('Server is not listening on TCP');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Listens with the adapter of `config`; answers the Node server and how to close the framework. */
async function listen(config: Config, app: App): Promise<{ http: Server; close?: () => Promise<void> }> {
  if (config.HTTP_ADAPTER === 'express') {
    const server = express();
    server.disable('x-powered-by');
    server.set('trust proxy', config.TRUST_PROXY);
    server.use(createKernelMiddleware(app.kernel));
    const http = await new Promise<Server>((resolve, reject) => {
      const listening = server.listen(config.PORT, config.HOST, config.LISTEN_BACKLOG, (error?: Error) =>
        error ? reject(error) : resolve(listening),
      );
      handleClientErrors(listening, app.kernel); // the kernel answers what Node's HTTP parser refuses
    });
    return { http };
  }
  // A hop count trusts that many proxies in front of the server (proxy-addr's rule, as Express does).
  const hops = config.TRUST_PROXY;
  const trustProxy = typeof hops === 'number' ? (_address: string, hop: number) => hop < hops : hops;
  // A request that reached us before the shutdown is served, not refused with Fastify's own 503.
  const server = Fastify({ ...fastifyOptions(app.kernel), trustProxy, return503OnClosing: false });
  registerKernel(server, app.kernel);
  await server.listen({ host: config.HOST, port: config.PORT, backlog: config.LISTEN_BACKLOG });
  return { http: server.server, close: () => server.close() };
}

/**
 * Starts the reference server on the configured adapter and answers where it listens.
 *
 * @example
 * ```ts
 * const server = await startServer(loadConfig(process.env), logger);
 * console.log(server.url);
 * ```
 */
export async function startServer(
  config: Config,
  logger: Logger,
  options: AppOptions = {},
): Promise<RunningServer> {
  const app = await createApp(config, logger, options);
  try {
    const { http, close } = await listen(config, app);
    const requests = trackRequests(http, close);
    return {
      url: urlOf(http.address()),
      async close() {
        app.drain();
        const { cut } = await requests.close(config.SHUTDOWN_TIMEOUT * 1000);
        if (cut > 0) {
          logger.warn({ cut, timeoutSeconds: config.SHUTDOWN_TIMEOUT }, 'requests cut at SHUTDOWN_TIMEOUT');
        }
        await app.close();
      },
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}
