// `npm run worker` (from the repository root): the outbox relay and the event consumers in a
// process of their own, for deployments that run the servers with WORKERS=off. SIGTERM or SIGINT
// stops it gracefully: the relay finishes its batch, the consumers finish the events in hand (or
// give them back to the broker), then it exits.
import { type Config, ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startWorkerProcess } from './worker-process.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `${error.message}\n\nSee examples/reference-server/README.md for every variable.\n`,
      );
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config);
  const running = await startWorkerProcess(config, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'worker stopping: finishing the events in hand');
    running.stop().then(
      () => {
        logger.info({}, 'worker stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'worker stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Truss worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
