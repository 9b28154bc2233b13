/**
 * Truss events: the event map of spec §6.3, one {@link EventTransport} interface (in process on
 * mitt here; Redis Streams in `@truss/events/redis`; RabbitMQ in `@truss/events/amqp`), the
 * transactional outbox's relay and a worker running consumers with retries and dead letters.
 * Delivery is at least once, ordered per aggregate key.
 *
 * @example
 * ```ts
 * import { createMemoryTransport, createOutboxRelay, startEventWorker } from '@truss/events';
 * const transport = createMemoryTransport();
 * const worker = await startEventWorker({ transport, consumers, relay: createOutboxRelay({ outbox, transport }) });
 * ```
 *
 * @module @truss/events
 */

export type { EventActivity, EventActivityListener } from './activity.js';
export { eventMetrics, outboxLagMetric } from './activity.js';
export type { RetryPolicy } from './delivery.js';
export { DEFAULT_RETRY } from './delivery.js';
export type { DeliveredEvent, EventConsumer, TrussEventMap, TypedConsumer } from './event.js';
export { typedConsumer } from './event.js';
export type { MemoryTransportOptions } from './memory/memory-transport.js';
export { createMemoryTransport } from './memory/memory-transport.js';
export type { OutboxRelay, OutboxRelayOptions } from './relay/outbox-relay.js';
export { createOutboxRelay, defaultKeyOf } from './relay/outbox-relay.js';
export type { DeadLetter, DeadLetterStore, EventTransport, Subscription } from './transport.js';
export type { EventWorker, EventWorkerOptions } from './worker.js';
export { startEventWorker } from './worker.js';
