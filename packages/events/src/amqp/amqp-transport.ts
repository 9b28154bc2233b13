import { connect, type GetMessage } from 'amqplib';
import { partitionOf } from '../delivery.js';
import type { DeadLetter, EventTransport, Subscription } from '../transport.js';
import { decodeMessage, encodeMessage } from './amqp-codec.js';
import { type AmqpTransportOptions, amqpNames, parseAmqpTransportOptions } from './amqp-options.js';
import { startAmqpSubscription } from './amqp-subscription.js';

function deathQueue(message: GetMessage): string {
  const deaths = message.properties.headers?.['x-death'] as { queue?: string }[] | undefined;
  return deaths?.[0]?.queue ?? '';
}

/**
 * The RabbitMQ transport. Events are published, persistent and with publisher confirms, to the
 * durable topic exchange `<prefix>` under the routing key `<topic>.<partition>` (partition = hash of
 * the key). Each consumer name has one durable queue per partition, `<prefix>.<name>.p<n>`, with a
 * single active consumer — so one key's events are handled in order even when several processes run
 * the consumer (the others wait as hot standbys for a partition; RabbitMQ before 3.12 activates the
 * first subscriber on every partition). An event that
 * exhausts its retries is rejected to the dead-letter exchange `<prefix>.dead` and lands in the
 * queue `<prefix>.dead-letters`. Connects before it answers.
 *
 * @example
 * ```ts
 * import { createAmqpTransport } from '@truss/events/amqp';
 * const transport = await createAmqpTransport({ url: 'amqp://guest:guest@127.0.0.1:5672' });
 * await transport.subscribe(consumer);
 * ```
 */
export async function createAmqpTransport(options: AmqpTransportOptions): Promise<EventTransport> {
  const config = parseAmqpTransportOptions(options);
  const names = amqpNames(config);
  const connection = await connect(config.url);
  connection.on('error', () => {});
  const publisher = await connection.createConfirmChannel();
  publisher.on('error', () => {});
  await publisher.assertExchange(names.exchange, 'topic', { durable: true });
  await publisher.assertExchange(names.deadExchange, 'fanout', { durable: true });
  await publisher.assertQueue(names.deadQueue, { durable: true });
  await publisher.bindQueue(names.deadQueue, names.deadExchange, '');
  const subscriptions = new Set<Subscription>();

  /** Takes every dead letter off the queue (unacknowledged), lets `use` ack some, gives back the rest. */
  const withDeadLetters = async <T>(
    limit: number,
    use: (messages: GetMessage[], ack: (m: GetMessage) => void) => Promise<T>,
  ) => {
    const channel = await connection.createChannel();
    try {
      const messages: GetMessage[] = [];
      while (messages.length < limit) {
        const message = await channel.get(names.deadQueue, { noAck: false });
        if (message === false) break;
        messages.push(message);
      }
      return await use(messages, (m) => channel.ack(m));
    } finally {
      await channel.close().catch(() => {});
    }
  };
  const toDeadLetter = (message: GetMessage): DeadLetter => {
    const consumer = names.consumerOf(deathQueue(message));
    let event: DeadLetter['event'];
    try {
      event = decodeMessage(message);
    } catch {
      event = {
        id: String(message.properties.messageId ?? ''),
        topic: '',
        key: '',
        payload: null,
        occurredAt: new Date(0),
      };
    }
    return { id: `${consumer}/${event.id}`, consumer, event, error: null };
  };

  return {
    kind: 'amqp',
    durable: true,
    async publish(events) {
      if (events.length === 0) return;
      for (const event of events) {
        const { body, options: properties } = encodeMessage(event);
        const routingKey = `${event.topic}.${partitionOf(event.key, config.partitions)}`;
        publisher.publish(names.exchange, routingKey, body, properties);
      }
      await publisher.waitForConfirms();
    },
    async subscribe(consumer) {
      const subscription = await startAmqpSubscription(connection, config, consumer);
      const tracked: Subscription = {
        async stop() {
          subscriptions.delete(tracked);
          await subscription.stop();
        },
      };
      subscriptions.add(tracked);
      return tracked;
    },
    deadLetters: {
      list: (limit) => withDeadLetters(limit, async (messages) => messages.map(toDeadLetter)),
      replay: (ids) =>
        withDeadLetters(100_000, async (messages, ack) => {
          let replayed = 0;
          for (const message of messages) {
            const dead = toDeadLetter(message);
            if (ids !== undefined && !ids.includes(dead.id)) continue;
            const { body, options: properties } = encodeMessage(dead.event);
            publisher.sendToQueue(deathQueue(message), body, properties);
            await publisher.waitForConfirms();
            ack(message);
            replayed++;
          }
          return replayed;
        }),
    },
    async close() {
      await Promise.all([...subscriptions].map((s) => s.stop()));
      await connection.close().catch(() => {});
    },
  };
}
