import type { AddressInfo } from 'node:net';
import { healthRoutes } from '@truss/api';
import type { Logger } from '@truss/core';
import type { EventConsumer } from '@truss/events';
import { fastifyOptions, registerKernel } from '@truss/fastify';
import { createKernel } from '@truss/http';
import { createMetrics, type Metrics } from '@truss/metrics';
import {
  createDatabase,
  createFieldCipher,
  createRepositories,
  migrateToLatest,
  type TrussDatabase,
} from '@truss/repos';
import Fastify from 'fastify';
import { sql } from 'kysely';
import type { Config } from './config.js';
import { createConsumers } from './consumers/index.js';
import { type RunningEvents, startEvents } from './events.js';
import { createMailer } from './mailer.js';
import { encryptionKey, personalDataKeys } from './secrets.js';

/** A running worker process's parts. */
export interface RunningWorker {
  /** Where `GET /metrics`, `/healthz` and `/readyz` answer, with `WORKER_PORT` set. */
  url: string | null;
  /** Stops the relay and the consumers, then closes the status server, the transport and the database. */
  stop(): Promise<void>;
}

/**
 * `GET /metrics` (the event counters live in the process that consumes), `/healthz` and `/readyz`
 * (the database) on `HOST:WORKER_PORT`, so the worker is scraped and probed like a server.
 */
async function serveStatus(
  config: Config,
  metrics: Metrics,
  database: TrussDatabase,
  logger: Logger,
): Promise<{ url: string; close(): Promise<void> }> {
  let draining = false;
  const kernel = createKernel({
    routes: [
      ...metrics.routes,
      ...healthRoutes({
        checks: { database: () => sql`select 1`.execute(database.db) },
        draining: () => draining,
      }),
    ],
    logger,
  });
  const server = Fastify(fastifyOptions(kernel));
  registerKernel(server, kernel);
  await server.listen({ host: config.HOST, port: config.WORKER_PORT ?? 0 });
  const address = server.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    async close() {
      draining = true;
      await server.close();
    },
  };
}

/** What {@link startWorkerProcess} may be given. */
export interface WorkerOptions {
  /** The consumers to run. Default: the reference server's (email, inventory, analytics). */
  consumers?: readonly EventConsumer[];
  /** Prefix of the transport's keys or queue names, as the servers' `redisPrefix`. Default `truss`. */
  prefix?: string;
}

/** Starts the relay and the consumers on the configured database and transport. */
export async function startWorkerProcess(
  config: Config,
  logger: Logger,
  options: WorkerOptions = {},
): Promise<RunningWorker> {
  const database = await createDatabase(config.DATABASE_URL);
  let events: RunningEvents;
  let consumers: readonly EventConsumer[];
  const metrics = createMetrics(config.METRICS_TOKEN ? { token: config.METRICS_TOKEN } : {});
  try {
    await migrateToLatest(database.db);
    // The consumers read users as the servers do: through the same key ring.
    const cipher = createFieldCipher(personalDataKeys(config, await encryptionKey(config, logger)));
    const repositories = createRepositories(database, { cipher });
    consumers =
      options.consumers ??
      createConsumers({
        unitOfWork: repositories.unitOfWork,
        mailer: createMailer(config, logger),
        lowStockThreshold: config.LOW_STOCK_THRESHOLD,
        logger,
      });
    const running = consumers;
    events = await startEvents(config, {
      outbox: repositories.outbox,
      consumers: () => running,
      metrics: metrics.registry,
      logger,
      workers: true,
      prefix: options.prefix,
    });
  } catch (error) {
    await database.destroy();
    throw error;
  }
  const stopAll = async () => {
    await events.stop();
    await database.destroy();
  };
  let status: Awaited<ReturnType<typeof serveStatus>> | null = null;
  try {
    if (config.WORKER_PORT !== undefined) status = await serveStatus(config, metrics, database, logger);
  } catch (error) {
    await stopAll();
    throw error;
  }
  logger.info(
    {
      transport: config.EVENTS_TRANSPORT,
      consumers: consumers.map((c) => c.name),
      ...(status && { metrics: `${status.url}/metrics` }),
    },
    'Truss worker running',
  );
  return {
    url: status?.url ?? null,
    async stop() {
      await status?.close();
      await stopAll();
    },
  };
}
