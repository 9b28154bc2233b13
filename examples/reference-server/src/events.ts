import type { Logger, MetricsRegistry, OutboxRepository } from '@truss/core';
import {
  createMemoryTransport,
  createOutboxRelay,
  type EventActivityListener,
  type EventConsumer,
  type EventTransport,
  type EventWorker,
  eventMetrics,
  outboxLagMetric,
  startEventWorker,
} from '@truss/events';
import type { Config } from './config.js';

/**
 * The transport of `EVENTS_TRANSPORT`: in this process (`memory`), Redis Streams on `REDIS_URL`,
 * or RabbitMQ on `AMQP_URL`. `prefix` names its keys (Redis) or exchanges and queues (RabbitMQ);
 * `onEvent` hears what happens to each delivery (the event metrics).
 */
export async function openEventTransport(
  config: Config,
  prefix = 'truss',
  onEvent?: EventActivityListener,
  logger?: Logger,
): Promise<EventTransport> {
  switch (config.EVENTS_TRANSPORT) {
    case 'redis': {
      const { createRedisTransport } = await import('@truss/events/redis');
      return createRedisTransport({
        url: config.REDIS_URL ?? '',
        prefix: `${prefix.replace(/:$/, '')}:events`,
        onEvent,
      });
    }
    case 'amqp': {
      const { createAmqpTransport } = await import('@truss/events/amqp');
      return createAmqpTransport({
        url: config.AMQP_URL ?? '',
        prefix: `${prefix.replace(/[:]+$/, '')}.events`,
        onEvent,
        connectionName: 'truss-reference-server',
        ...(logger && { logger }),
      });
    }
    default:
      return createMemoryTransport({ onEvent });
  }
}

/** The events of a process: its transport, and how to stop its workers and close it. */
export interface RunningEvents {
  transport: EventTransport;
  /** Stops the workers (finishing the events in hand), then closes the transport. */
  stop(): Promise<void>;
}

/**
 * Opens the transport of `EVENTS_TRANSPORT` and, with `workers`, runs the outbox relay and the
 * consumers beside it; the event counters and the outbox lag go to `metrics`.
 */
export async function startEvents(
  config: Config,
  options: {
    outbox: OutboxRepository;
    consumers: () => readonly EventConsumer[];
    metrics: MetricsRegistry;
    logger: Logger;
    workers: boolean;
    prefix?: string;
  },
): Promise<RunningEvents> {
  const { outbox, logger } = options;
  const onEvent = eventMetrics(options.metrics);
  outboxLagMetric(options.metrics, { outbox });
  const transport = await openEventTransport(config, options.prefix, onEvent, logger);
  let worker: EventWorker | null = null;
  try {
    if (options.workers) {
      const relay = createOutboxRelay({ outbox, transport, logger, onEvent });
      worker = await startEventWorker({ transport, consumers: options.consumers(), relay });
    }
  } catch (error) {
    await transport.close();
    throw error;
  }
  return {
    transport,
    async stop() {
      await worker?.stop();
      await transport.close();
    },
  };
}
