import type { Logger } from '@truss/core';
import type { EventConsumer } from '@truss/events';
import { createDatabase, createOutboxRepository, migrateToLatest } from '@truss/repos';
import type { Config } from './config.js';
import { openEventTransport, startWorkers } from './events.js';

/** A running worker process's parts. */
export interface RunningWorker {
  /** Stops the relay and the consumers, then closes the transport and the database. */
  stop(): Promise<void>;
}

/** What {@link startWorkerProcess} may be given. */
export interface WorkerOptions {
  /** The consumers to run. Default: none (the relay alone). */
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
  const consumers = options.consumers ?? [];
  const database = await createDatabase(config.DATABASE_URL);
  await migrateToLatest(database.db);
  const transport = await openEventTransport(config, options.prefix);
  const worker = await startWorkers({
    transport,
    outbox: createOutboxRepository(database.executor),
    consumers,
    logger,
  });
  logger.info(
    { transport: config.EVENTS_TRANSPORT, consumers: consumers.map((c) => c.name) },
    'Truss worker running',
  );
  return {
    async stop() {
      await worker.stop();
      await transport.close();
      await database.destroy();
    },
  };
}
