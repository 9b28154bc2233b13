// The consumers run on @truss/events: its delivered event and consumer shapes.
import type { DeliveredEvent, EventConsumer } from '@truss/events';

export type { DeliveredEvent };

/**
 * A consumer of the reference server: its name (the `consumer` of its processed-event records and
 * of its bus group), the topics it reads, and its handler (`EventConsumer` of `@truss/events`).
 * Delivery is at least once: `handle` may see an event again and must have no second effect;
 * throwing means "not done, deliver it again later".
 *
 * @example
 * ```ts
 * const audit = { name: 'audit', topics: ['order.created'], handle: async (event) => log(event.id) } satisfies Consumer;
 * ```
 */
export type Consumer = EventConsumer;
