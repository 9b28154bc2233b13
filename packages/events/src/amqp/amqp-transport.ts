import { silentLogger } from '@truss/core';
import { type ChannelModel, type ConfirmChannel, connect, type GetMessage } from 'amqplib';
import { partitionOf, sleep } from '../delivery.js';
import type { DeadLetter, EventTransport, Subscription } from '../transport.js';
import { decodeMessage, encodeMessage } from './amqp-codec.js';
import {
  type AmqpTransportConfig,
  type AmqpTransportOptions,
  amqpNames,
  parseAmqpTransportOptions,
} from './amqp-options.js';
import { startAmqpSubscription } from './amqp-subscription.js';

function deathQueue(message: GetMessage): string {
  const deaths = message.properties.headers?.['x-death'] as { queue?: string }[] | undefined;
  return deaths?.[0]?.queue ?? '';
}

/** A connection with its confirm channel and the topology declared. */
interface Link {
  connection: ChannelModel;
  publisher: ConfirmChannel;
}

async function openLink(config: AmqpTransportConfig): Promise<Link> {
  const names = amqpNames(config);
  const connection = await connect(config.url, {
    clientProperties: { connection_name: config.connectionName },
  });
  connection.on('error', () => {});
  try {
    const publisher = await connection.createConfirmChannel();
    publisher.on('error', () => {});
    await publisher.assertExchange(names.exchange, 'topic', { durable: true });
    await publisher.assertExchange(names.deadExchange, 'fanout', { durable: true });
    await publisher.assertQueue(names.deadQueue, { durable: true });
    await publisher.bindQueue(names.deadQueue, names.deadExchange, '');
    return { connection, publisher };
  } catch (error) {
    await connection.close().catch(() => {});
    throw error;
  }
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
 * When the connection drops, it reconnects (backing off from `reconnectDelayMs` to 30 s) and
 * subscribes every consumer again; meanwhile `publish` fails (the outbox relay retries) and the
 * events in hand are redelivered by the broker (consumers are idempotent).
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
  const logger = config.logger ?? silentLogger;
  const names = amqpNames(config);
  /** What each running subscription needs to start again on a new connection. */
  const subscriptions = new Set<{
    consumer: Parameters<EventTransport['subscribe']>[0];
    current: Subscription;
  }>();
  let link: Link | null = await openLink(config);
  let closed = false;
  let reconnecting: Promise<void> | null = null;
  const closing = new AbortController();

  /** Set when the connection being brought up drops before it is in use. */
  let dropped = false;
  const watch = (watched: Link) => {
    watched.connection.once('close', () => {
      dropped = true;
      if (link === watched) link = null;
      if (!closed && !reconnecting) reconnecting = reconnect().finally(() => (reconnecting = null));
    });
  };

  async function reconnect(): Promise<void> {
    let delay = config.reconnectDelayMs;
    logger.warn({ transport: 'amqp' }, 'RabbitMQ connection lost: reconnecting');
    while (!closed) {
      await sleep(delay, closing.signal);
      if (closed) return;
      let fresh: Link | null = null;
      try {
        fresh = await openLink(config);
        dropped = false;
        watch(fresh);
        for (const subscription of subscriptions) {
          // The old channel is gone: its events in hand finish (within the grace) or are dropped,
          // and the broker hands the unacknowledged ones to the new subscription.
          await subscription.current.stop();
          subscription.current = await startAmqpSubscription(fresh.connection, config, subscription.consumer);
        }
        if (dropped) throw new Error('the connection dropped again');
        if (closed) {
          await fresh.connection.close().catch(() => {});
          return;
        }
        link = fresh;
        logger.warn({ transport: 'amqp', subscriptions: subscriptions.size }, 'RabbitMQ connection restored');
        return;
      } catch (error) {
        await fresh?.connection.close().catch(() => {});
        logger.warn({ err: error, transport: 'amqp', retryInMs: delay }, 'RabbitMQ reconnection failed');
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  watch(link);

  const current = (): Link => {
    if (!link) throw new Error('The RabbitMQ connection is down; reconnecting');
    return link;
  };

  /** Takes every dead letter off the queue (unacknowledged), lets `use` ack some, gives back the rest. */
  const withDeadLetters = async <T>(
    limit: number,
    use: (messages: GetMessage[], ack: (m: GetMessage) => void, publisher: ConfirmChannel) => Promise<T>,
  ) => {
    const { connection, publisher } = current();
    const channel = await connection.createChannel();
    try {
      const messages: GetMessage[] = [];
      while (messages.length < limit) {
        const message = await channel.get(names.deadQueue, { noAck: false });
        if (message === false) break;
        messages.push(message);
      }
      return await use(messages, (m) => channel.ack(m), publisher);
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
      const { publisher } = current();
      for (const event of events) {
        const { body, options: properties } = encodeMessage(event);
        const routingKey = `${event.topic}.${partitionOf(event.key, config.partitions)}`;
        publisher.publish(names.exchange, routingKey, body, properties);
      }
      await publisher.waitForConfirms();
    },
    async subscribe(consumer) {
      const entry = {
        consumer,
        current: await startAmqpSubscription(current().connection, config, consumer),
      };
      subscriptions.add(entry);
      return {
        async stop() {
          subscriptions.delete(entry);
          await entry.current.stop();
        },
      };
    },
    deadLetters: {
      list: (limit) => withDeadLetters(limit, async (messages) => messages.map(toDeadLetter)),
      replay: (ids) =>
        withDeadLetters(100_000, async (messages, ack, publisher) => {
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
      closed = true;
      closing.abort();
      await reconnecting;
      await Promise.all([...subscriptions].map((s) => s.current.stop()));
      subscriptions.clear();
      await link?.connection.close().catch(() => {});
      link = null;
    },
  };
}
