// `npm start`: the reference server, until SIGTERM or SIGINT (then the requests in flight finish).
import { runUntilSignalled } from './process-runner.js';
import { startServer } from './server.js';

runUntilSignalled({
  name: 'Truss reference server',
  async start(config, logger) {
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
    return { stop: () => server.close() };
  },
  stopping: 'finishing the requests in flight',
  explain(error) {
    const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
    if (code !== 'EADDRINUSE') return undefined;
    return `${address}:${port} is in use (another server?): stop it, or set PORT to another port (PORT=0 picks a free one)`;
  },
});
