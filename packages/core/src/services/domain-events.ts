import type { OrderRecord } from '../ports/order-repository.js';
import type { NewOutboxMessage } from '../ports/outbox-repository.js';

/**
 * The domain events of spec §6.3, by name.
 *
 * @example
 * ```ts
 * bus.subscribe(DOMAIN_EVENTS.orderShipped, (payload: OrderShippedPayload) => notify(payload.id));
 * ```
 */
export const DOMAIN_EVENTS = Object.freeze({
  userCreated: 'user.created',
  orderCreated: 'order.created',
  orderShipped: 'order.shipped',
} as const);

/**
 * Payload of `user.created`: `{ id }`, the new user's id. The outbox is stored (and published) as
 * it is, so it carries no personal data (spec §7.3, ASVS 8.3.4): a consumer that needs the email
 * or name looks the user up by id through the users repository, which decrypts them.
 *
 * @example
 * ```ts
 * const payload: UserCreatedPayload = { id: user.id };
 * const user = await users.findById(payload.id); // the email and name, when a consumer needs them
 * ```
 */
export interface UserCreatedPayload {
  id: string;
}

/**
 * Payload of `order.created` (spec §6.3): `{ id, userId, items, total }`, money as decimal strings.
 *
 * @example
 * ```ts
 * const payload: OrderCreatedPayload = { id, userId, items: [{ productId, quantity: 1, unitPrice: '9.99' }], total: '9.99' };
 * ```
 */
export interface OrderCreatedPayload {
  id: string;
  userId: string;
  items: { productId: string; quantity: number; unitPrice: string }[];
  total: string;
}

/**
 * Payload of `order.shipped` (spec §6.3): `{ id, trackingNumber }`.
 *
 * @example
 * ```ts
 * const payload: OrderShippedPayload = { id: orderId, trackingNumber: 'TRK-123' };
 * ```
 */
export interface OrderShippedPayload {
  id: string;
  trackingNumber: string;
}

/**
 * The outbox row of a `user.created` event: the user's id only, never its email or name.
 *
 * @example
 * ```ts
 * await outbox.append(userCreatedEvent(crypto.randomUUID(), user)); // payload: { id: user.id }
 * ```
 */
export function userCreatedEvent(id: string, user: { id: string }): NewOutboxMessage {
  const payload: UserCreatedPayload = { id: user.id };
  return { id, topic: DOMAIN_EVENTS.userCreated, payload };
}

/**
 * The outbox row of an `order.created` event.
 *
 * @example
 * ```ts
 * await outbox.append(orderCreatedEvent(crypto.randomUUID(), order));
 * ```
 */
export function orderCreatedEvent(id: string, order: OrderRecord): NewOutboxMessage {
  const payload: OrderCreatedPayload = {
    id: order.id,
    userId: order.userId,
    items: order.items.map((item) => ({
      productId: item.productId,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
    })),
    total: order.total,
  };
  return { id, topic: DOMAIN_EVENTS.orderCreated, payload };
}

/**
 * The outbox row of an `order.shipped` event.
 *
 * @example
 * ```ts
 * await outbox.append(orderShippedEvent(crypto.randomUUID(), order.id, 'TRK-123'));
 * ```
 */
export function orderShippedEvent(id: string, orderId: string, trackingNumber: string): NewOutboxMessage {
  const payload: OrderShippedPayload = { id: orderId, trackingNumber };
  return { id, topic: DOMAIN_EVENTS.orderShipped, payload };
}
