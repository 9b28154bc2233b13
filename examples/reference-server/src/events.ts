import type { Logger, OutboxRepository } from '@truss/core';
import {
  createMemoryTransport,
  createOutboxRelay,
  type EventActivityListener,
  type EventConsumer,
  type EventTransport,
  type EventWorker,
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
      });
    }
    default:
      return createMemoryTransport({ onEvent });
  }
}

/** The outbox relay and `consumers` on `transport`, in this process. */
export function startWorkers(options: {
  transport: EventTransport;
  outbox: OutboxRepository;
  consumers: readonly EventConsumer[];
  logger: Logger;
  /** Hears how many events each batch published (the event metrics). */
  onEvent?: EventActivityListener;
}): Promise<EventWorker> {
  const { transport, outbox, consumers, logger, onEvent } = options;
  const relay = createOutboxRelay({ outbox, transport, logger, onEvent });
  return startEventWorker({ transport, consumers, relay });
}
