import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
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
  const server = await startServer(config, logger);
  logger.info(
    {
      url: server.url,
      adapter: config.HTTP_ADAPTER,
      ...(config.WEB_ROOT && { webApp: `${server.url}/` }),
      database: config.DATABASE_URL.replace(/\/\/[^@/]*@/, '//***@'),
    },
    `Truss reference server listening on ${server.url}`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info(
      { signal, timeoutSeconds: config.SHUTDOWN_TIMEOUT },
      'shutting down: finishing the requests in flight',
    );
    server.close().then(
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
}

main().catch((error: unknown) => {
  const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  const reason =
    code === 'EADDRINUSE'
      ? `${address}:${port} is in use (another server?): stop it, or set PORT to another port (PORT=0 picks a free one)`
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`Truss reference server failed to start: ${reason}\n`);
  process.exit(1);
});
