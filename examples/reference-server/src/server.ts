import type { AddressInfo } from 'node:net';
import type { Logger } from '@truss/core';
import { createKernelMiddleware } from '@truss/express';
import { fastifyOptions, registerKernel } from '@truss/fastify';
import { handleClientErrors } from '@truss/http';
import express from 'express';
import Fastify from 'fastify';
import type { AppOptions } from './app.js';
import { createApp } from './app.js';
import type { Config } from './config.js';

/** A running reference server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Stops accepting requests, waits for those in flight, closes the database. */
  close(): Promise<void>;
}

function urlOf(address: AddressInfo | string | null): string {
  if (!address || typeof address === 'string') throw new Error('Server is not listening on TCP');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

async function listenFastify(
  config: Config,
  app: Awaited<ReturnType<typeof createApp>>,
): Promise<RunningServer> {
  // A hop count trusts that many proxies in front of the server (proxy-addr's rule, as Express does).
  const hops = config.TRUST_PROXY;
  const trustProxy = typeof hops === 'number' ? (_address: string, hop: number) => hop < hops : hops;
  const server = Fastify({ ...fastifyOptions(app.kernel), trustProxy });
  registerKernel(server, app.kernel);
  await server.listen({ host: config.HOST, port: config.PORT });
  return {
    url: urlOf(server.server.address()),
    async close() {
      await server.close();
      await app.close();
    },
  };
}

async function listenExpress(
  config: Config,
  app: Awaited<ReturnType<typeof createApp>>,
): Promise<RunningServer> {
  const server = express();
  server.disable('x-powered-by');
  server.set('trust proxy', config.TRUST_PROXY);
  server.use(createKernelMiddleware(app.kernel));
  const http = await new Promise<ReturnType<typeof server.listen>>((resolve, reject) => {
    const listening = server.listen(config.PORT, config.HOST, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
    handleClientErrors(listening, app.kernel); // the kernel answers what Node's HTTP parser refuses
  });
  return {
    url: urlOf(http.address()),
    async close() {
      await new Promise<void>((resolve, reject) => {
        http.close((error) => (error ? reject(error) : resolve()));
        http.closeIdleConnections();
      });
      await app.close();
    },
  };
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
    return config.HTTP_ADAPTER === 'express'
      ? await listenExpress(config, app)
      : await listenFastify(config, app);
  } catch (error) {
    await app.close();
    throw error;
  }
}
