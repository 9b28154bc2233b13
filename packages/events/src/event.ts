import type { OrderCreatedPayload, OrderShippedPayload, UserCreatedPayload } from '@truss/core';

/**
 * The events of spec §6.3 by topic, with their payloads. Applications extend it with their own
 * topics: `interface MyEvents extends TrussEventMap { 'invoice.paid': { id: string } }`.
 *
 * @example
 * ```ts
 * const payload: TrussEventMap['order.shipped'] = { id: orderId, trackingNumber: 'TRK-1' };
 * ```
 */
export interface TrussEventMap {
  'user.created': UserCreatedPayload;
  'order.created': OrderCreatedPayload;
  'order.shipped': OrderShippedPayload;
}

/**
 * An event as a consumer receives it. `id` is the outbox row's id (a UUID): a redelivery carries
 * the same id, so a consumer recognises it. `key` is the aggregate's id (the order id, the user
 * id): events of one key arrive in order, events of different keys in any order.
 *
 * @example
 * ```ts
 * const event: DeliveredEvent = { id, topic: 'order.created', key: order.id, payload, occurredAt: new Date() };
 * ```
 */
export interface DeliveredEvent<Payload = unknown> {
  id: string;
  topic: string;
  key: string;
  payload: Payload;
  occurredAt: Date;
}

/**
 * A consumer: reads `topics` under its `name` (each name gets every event of its topics once,
 * however many processes run it). `handle` resolving acknowledges the event; throwing means "retry
 * with backoff", and after the last attempt the event goes to the dead letters. Delivery is at
 * least once: make `handle` idempotent (record `(name, event.id)` in the transaction of its effect).
 *
 * @example
 * ```ts
 * const audit = {
 *   name: 'audit',
 *   topics: ['order.created'],
 *   async handle(event) { console.log(event.id, event.payload); },
 * } satisfies EventConsumer;
 * ```
 */
export interface EventConsumer {
  readonly name: string;
  readonly topics: readonly string[];
  handle(event: DeliveredEvent): Promise<void>;
}

/**
 * A consumer of known topics of an event map, with payloads typed by topic; {@link typedConsumer}
 * turns it into an {@link EventConsumer}.
 *
 * @example
 * ```ts
 * const spec: TypedConsumer<TrussEventMap, 'order.shipped'> = {
 *   name: 'notify', topics: ['order.shipped'], async handle(event) { send(event.payload.trackingNumber); },
 * };
 * ```
 */
export interface TypedConsumer<Map, Topic extends keyof Map & string> {
  readonly name: string;
  readonly topics: readonly Topic[];
  handle(event: { [T in Topic]: DeliveredEvent<Map[T]> & { topic: T } }[Topic]): Promise<void>;
}

/**
 * An {@link EventConsumer} from a {@link TypedConsumer}: the payload type follows the topic. The
 * payloads are not validated again (the outbox wrote them from typed code).
 *
 * @example
 * ```ts
 * const consumer = typedConsumer<TrussEventMap, 'user.created'>({
 *   name: 'welcome', topics: ['user.created'], async handle(event) { await mail(event.payload.email); },
 * });
 * ```
 */
export function typedConsumer<Map, Topic extends keyof Map & string>(
  consumer: TypedConsumer<Map, Topic>,
): EventConsumer {
  return consumer as unknown as EventConsumer;
}
