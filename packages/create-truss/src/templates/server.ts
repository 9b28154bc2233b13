import type { ProjectOptions } from '../options.js';
import { lines } from './lines.js';

const TYPES = [
  '/** Where to listen, and what the application needs. */',
  'export interface ServerOptions extends AppOptions {',
  '  host: string;',
  '  /** `0` takes a free port. */',
  '  port: number;',
  '}',
  '',
  '/** A listening server. */',
  'export interface RunningServer {',
  '  /** `http://host:port`, with the port actually taken. */',
  '  url: string;',
  '  /** Stops accepting connections, lets open requests finish, then closes the database. */',
  '  close(): Promise<void>;',
  '}',
  '',
];

function fastify(): string {
  return lines([
    "import { fastifyOptions, registerKernel } from '@truss/fastify';",
    "import Fastify from 'fastify';",
    "import { type AppOptions, createApp } from './app.js';",
    '',
    ...TYPES,
    '/** Builds the application and serves it on Fastify. */',
    'export async function startServer(options: ServerOptions): Promise<RunningServer> {',
    '  const app = await createApp(options);',
    '  try {',
    '    // fastifyOptions: the kernel answers what Fastify refuses before routing (bad URLs, huge bodies).',
    '    const fastify = Fastify({ ...fastifyOptions(app.kernel) });',
    '    registerKernel(fastify, app.kernel);',
    '    const url = await fastify.listen({ host: options.host, port: options.port });',
    '    return { url, close: () => fastify.close().then(() => app.close()) };',
    '  } catch (error) {',
    '    await app.close();',
    '    throw error;',
    '  }',
    '}',
  ]);
}

function express(): string {
  return lines([
    "import { once } from 'node:events';",
    "import type { AddressInfo } from 'node:net';",
    "import { createKernelMiddleware } from '@truss/express';",
    "import { handleClientErrors } from '@truss/http';",
    "import express from 'express';",
    "import { type AppOptions, createApp } from './app.js';",
    '',
    ...TYPES,
    '/** Builds the application and serves it on Express. */',
    'export async function startServer(options: ServerOptions): Promise<RunningServer> {',
    '  const app = await createApp(options);',
    '  try {',
    '    const server = express().use(createKernelMiddleware(app.kernel)).listen(options.port, options.host);',
    "    handleClientErrors(server, app.kernel); // the kernel answers what Node's HTTP parser refuses",
    "    await once(server, 'listening');",
    '    const { address, port } = server.address() as AddressInfo;',
    "    const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;",
    '    const stop = () =>',
    '      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));',
    '    return { url, close: () => stop().then(() => app.close()) };',
    '  } catch (error) {',
    '    await app.close();',
    '    throw error;',
    '  }',
    '}',
  ]);
}

/**
 * `src/server.ts`: serves the application on the chosen framework and answers where it listens.
 *
 * @example
 * ```ts
 * const text = serverSource({ ...options, adapter: 'express' });
 * ```
 */
export function serverSource(options: Pick<ProjectOptions, 'adapter'>): string {
  return options.adapter === 'fastify' ? fastify() : express();
}
