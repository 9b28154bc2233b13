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
  portVariable: 'PORT',
});
