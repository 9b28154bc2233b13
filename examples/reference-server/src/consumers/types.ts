// The contract with the event bus (@truss/events, built beside this): structural types, unified
// with the bus's own when both are merged.

/**
 * An event as the bus delivers it to a consumer: `id` is the outbox row's id (a UUID), the same on
 * every redelivery, which is what makes a consumer idempotent; `key` is the aggregate it is
 * ordered by (the order's or the user's id).
 *
 * @example
 * ```ts
 * const event: DeliveredEvent = { id: row.id, topic: 'order.created', key: order.id, payload: { id: order.id }, occurredAt: row.createdAt };
 * ```
 */
export interface DeliveredEvent {
  id: string;
  topic: string;
  key: string;
  payload: unknown;
  occurredAt: Date;
}

/**
 * A consumer: its name (the `consumer` of its processed-event records and of its bus group), the
 * topics it reads, and its handler. Delivery is at least once: `handle` may see an event again and
 * must have no second effect; throwing means "not done, deliver it again later".
 *
 * @example
 * ```ts
 * const audit = { name: 'audit', topics: ['order.created'], handle: async (event) => log(event.id) } satisfies Consumer;
 * ```
 */
export interface Consumer {
  name: string;
  topics: readonly string[];
  handle(event: DeliveredEvent): Promise<void>;
}
