import { type Logger, parseInput } from '@truss/core';
import { z } from 'zod';
import { activityListenerSchema, type EventActivityListener } from '../activity.js';
import { type RetryPolicy, retrySchema } from '../delivery.js';

/**
 * Options of `createAmqpTransport`.
 *
 * @example
 * ```ts
 * const options: AmqpTransportOptions = { url: 'amqp://guest:guest@127.0.0.1:5672', prefix: 'shop.events' };
 * ```
 */
export interface AmqpTransportOptions {
  /** `amqp://` or `amqps://`. */
  url: string;
  /** Prefix of every exchange and queue name. Default `truss.events`. */
  prefix?: string;
  /** Queues per consumer, events spread by hash of their key (1–256). Default 8. Never change it while events are in flight. */
  partitions?: number;
  /** Default {@link DEFAULT_RETRY}. */
  retry?: RetryPolicy;
  /** Told what happens to each delivery (handled, failed, dead-lettered): `eventMetrics` counts it. */
  onEvent?: EventActivityListener;
  /** Unacknowledged messages per subscription channel. Default 500. */
  prefetch?: number;
  /** How long `stop` waits for events in hand before giving them back. Default 10 000 ms. */
  stopGraceMs?: number;
  /**
   * After the connection drops (a broker restart, a network cut), reconnects with this first delay,
   * doubling to at most 30 s, and subscribes every consumer again. Default 200 ms.
   */
  reconnectDelayMs?: number;
  /** The connection's name for RabbitMQ (`connection_name` in `rabbitmqctl list_connections client_properties`). Default `truss`. */
  connectionName?: string;
  /** Reconnections and connection errors are logged here at `warn`. Default: silent. */
  logger?: Logger;
}

const schema = z.strictObject({
  url: z
    .string()
    .regex(/^amqps?:\/\//, 'must start with amqp:// or amqps://')
    .refine((url) => URL.canParse(url), 'must be a valid URL'),
  prefix: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/)
    .default('truss.events'),
  partitions: z.number().int().min(1).max(256).default(8),
  retry: retrySchema,
  onEvent: activityListenerSchema,
  prefetch: z.number().int().min(1).max(65_535).default(500),
  stopGraceMs: z.number().int().min(0).max(600_000).default(10_000),
  reconnectDelayMs: z.number().int().min(10).max(60_000).default(200),
  connectionName: z.string().min(1).max(200).default('truss'),
  logger: z.custom<Logger>((l) => typeof l === 'object' && l !== null && 'warn' in l).optional(),
});

/** {@link AmqpTransportOptions} with defaults. @internal */
export type AmqpTransportConfig = Readonly<z.output<typeof schema>>;

/** Validates, fills in defaults, freezes. @internal */
export function parseAmqpTransportOptions(options: AmqpTransportOptions): AmqpTransportConfig {
  return Object.freeze(parseInput(schema, options, 'AMQP transport options'));
}

/** The names of a transport's exchanges and queues. @internal */
export function amqpNames(config: AmqpTransportConfig) {
  return {
    exchange: config.prefix,
    deadExchange: `${config.prefix}.dead`,
    deadQueue: `${config.prefix}.dead-letters`,
    queue: (consumer: string, partition: number) => `${config.prefix}.${consumer}.p${partition}`,
    consumerOf(queue: string): string {
      return queue.slice(config.prefix.length + 1).replace(/\.p\d+$/, '');
    },
  };
}
