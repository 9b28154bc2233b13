import type { DeliveredEvent, EventConsumer } from './event.js';

/**
 * A running subscription. `stop` stops taking new events, lets the ones in hand finish (up to the
 * transport's grace period) and gives back the rest to the broker for another process.
 *
 * @example
 * ```ts
 * const subscription = await transport.subscribe(consumer);
 * process.once('SIGTERM', () => void subscription.stop());
 * ```
 */
export interface Subscription {
  stop(): Promise<void>;
}

/**
 * An event that exhausted its attempts with one consumer.
 *
 * @example
 * ```ts
 * for (const dead of await transport.deadLetters.list(100)) console.log(dead.consumer, dead.event.id, dead.error);
 * ```
 */
export interface DeadLetter {
  /** The dead letter's own id in its store (a stream entry id, a counter…). */
  id: string;
  /** The consumer that gave up on it. */
  consumer: string;
  event: DeliveredEvent;
  /** The last error's message, when the transport keeps it. */
  error: string | null;
}

/**
 * The dead letters of a transport.
 *
 * @example
 * ```ts
 * const replayed = await transport.deadLetters.replay(); // every dead letter back to its consumer
 * ```
 */
export interface DeadLetterStore {
  /** Up to `limit` dead letters, oldest first. */
  list(limit: number): Promise<DeadLetter[]>;
  /**
   * Sends dead letters back to the consumer that gave up on them (all of them, or those of `ids`)
   * and removes them from the store; answers how many were replayed.
   */
  replay(ids?: readonly string[]): Promise<number>;
}

/**
 * Moves events from publishers to consumers. Implementations: {@link createMemoryTransport} (in
 * process, the default), `createRedisTransport` (`@truss/events/redis`), `createAmqpTransport`
 * (`@truss/events/amqp`). The conformance suite `runEventTransportConformance` of `@truss/testing`
 * checks an implementation.
 *
 * @example
 * ```ts
 * await transport.publish([{ id, topic: 'order.created', key: order.id, payload, occurredAt: new Date() }]);
 * const subscription = await transport.subscribe(consumer);
 * ```
 */
export interface EventTransport {
  /** `memory`, `redis`, `amqp`. */
  readonly kind: string;
  /**
   * Whether published events outlive the process (the broker keeps them): `false` for the memory
   * transport, whose `publish` resolves only once every subscribed consumer is done with the event.
   */
  readonly durable: boolean;
  /**
   * Publishes events; resolves once the broker holds them all (Redis answered the XADDs, RabbitMQ
   * confirmed). Events of one key keep the order of the array.
   */
  publish(events: readonly DeliveredEvent[]): Promise<void>;
  /** Starts delivering the events of `consumer.topics` to it. */
  subscribe(consumer: EventConsumer): Promise<Subscription>;
  readonly deadLetters: DeadLetterStore;
  /** Stops every subscription and closes the connections. */
  close(): Promise<void>;
}
