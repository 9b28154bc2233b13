import type { Logger } from '@truss/core';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

/** What {@link runUntilSignalled} runs: the server (`npm start`) or a worker (`npm run worker`). */
export interface LongRunningProcess {
  /** Begins the line printed when it cannot start: `Truss reference server`, `Truss worker`. */
  name: string;
  /** Starts it; answers how to stop it gracefully. */
  start(config: Config, logger: Logger): Promise<{ stop(): Promise<void> }>;
  /** What the stop does, logged when a signal starts it (`finishing the requests in flight`). */
  stopping: string;
  /** The variable that sets the port it listens on, named when that port is in use. */
  portVariable: string;
}

/** Why a start failed, in one sentence: a port in use names the variable that moves it. */
function reasonOf(error: unknown, portVariable: string): string {
  const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (code === 'EADDRINUSE') {
    return `${address}:${port} is in use (another server?): stop it, or set ${portVariable} to another port (${portVariable}=0 picks a free one)`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads the configuration (a precise message and exit 1 when it is wrong), starts `process`, and
 * on SIGTERM or SIGINT stops it gracefully, then exits 0 (1 when the stop fails); a second signal
 * exits at once. A start that fails prints one line saying why and exits 1.
 */
export function runUntilSignalled(spec: LongRunningProcess): void {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n\nSee examples/reference-server/README.md for every variable.\n`);
    process.exit(1);
  }
  const logger = createLogger(config);
  spec.start(config, logger).then(
    (running) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) {
          logger.warn({ signal }, 'second signal: exiting now');
          process.exit(1);
        }
        stopping = true;
        logger.info({ signal, timeoutSeconds: config.SHUTDOWN_TIMEOUT }, `shutting down: ${spec.stopping}`);
        running.stop().then(
          () => {
            logger.info({}, 'shut down');
            process.exit(0);
          },
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    },
    (error: unknown) => {
      process.stderr.write(`${spec.name} failed to start: ${reasonOf(error, spec.portVariable)}\n`);
      process.exit(1);
    },
  );
}
