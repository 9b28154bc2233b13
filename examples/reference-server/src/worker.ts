// `npm run worker` (from the repository root): the outbox relay and the event consumers in a
// process of their own, for deployments that run the servers with WORKERS=off. SIGTERM or SIGINT
// stops it gracefully: the relay finishes its batch, the consumers finish the events in hand (or
// give them back to the broker), then it exits.
import { runUntilSignalled } from './process-runner.js';
import { startWorkerProcess } from './worker-process.js';

runUntilSignalled({
  name: 'Truss worker',
  start: (config, logger) => startWorkerProcess(config, logger),
  stopping: 'finishing the events in hand',
  portVariable: 'WORKER_PORT',
});
