/**
 * The RabbitMQ transport of `@truss/events` (needs `amqplib`).
 *
 * @example
 * ```ts
 * import { createAmqpTransport } from '@truss/events/amqp';
 * const transport = await createAmqpTransport({ url: process.env.AMQP_URL ?? 'amqp://127.0.0.1:5672' });
 * ```
 *
 * @module @truss/events/amqp
 */

export type { AmqpTransportOptions } from './amqp/amqp-options.js';
export { createAmqpTransport } from './amqp/amqp-transport.js';
