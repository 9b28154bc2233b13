import type { Logger } from '@truss/core';
import type { EventConsumer } from '@truss/events';
import { createDatabase, createFieldCipher, createRepositories, migrateToLatest } from '@truss/repos';
import type { Config } from './config.js';
import { createConsumers } from './consumers/index.js';
import { openEventTransport, startWorkers } from './events.js';
import { createMailer } from './mailer.js';
import { encryptionKey, personalDataKeys } from './secrets.js';

/** A running worker process's parts. */
export interface RunningWorker {
  /** Stops the relay and the consumers, then closes the transport and the database. */
  stop(): Promise<void>;
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
  await migrateToLatest(database.db);
  // The consumers read users as the servers do: through the same key ring.
  const cipher = createFieldCipher(personalDataKeys(config, await encryptionKey(config, logger)));
  const repositories = createRepositories(database, { cipher });
  const consumers =
    options.consumers ??
    createConsumers({
      unitOfWork: repositories.unitOfWork,
      mailer: createMailer(config, logger),
      lowStockThreshold: config.LOW_STOCK_THRESHOLD,
      logger,
    });
  const transport = await openEventTransport(config, options.prefix);
  const worker = await startWorkers({
    transport,
    outbox: repositories.outbox,
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
