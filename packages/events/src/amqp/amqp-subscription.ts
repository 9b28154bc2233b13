import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { notify } from '../activity.js';
import { deliverWithRetries, KeyedSerializer } from '../delivery.js';
import type { DeliveredEvent, EventConsumer } from '../event.js';
import type { Subscription } from '../transport.js';
import { decodeMessage } from './amqp-codec.js';
import { type AmqpTransportConfig, amqpNames } from './amqp-options.js';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One durable queue per partition for the consumer, each with a single active consumer (so a
 * key's events are handled in order even with several processes) and the dead-letter exchange;
 * handles events per key in order, acks what it handled, rejects (to the dead-letter exchange)
 * what exhausts its retries. @internal
 */
export async function startAmqpSubscription(
  connection: ChannelModel,
  config: AmqpTransportConfig,
  consumer: EventConsumer,
): Promise<Subscription> {
  const names = amqpNames(config);
  const channel: Channel = await connection.createChannel();
  channel.on('error', () => {});
  await channel.prefetch(config.prefetch);
  const serializer = new KeyedSerializer();
  const abort = new AbortController();
  const tags: string[] = [];

  const onMessage = (message: ConsumeMessage | null) => {
    if (message === null) return; // cancelled by the broker
    let event: DeliveredEvent;
    try {
      event = decodeMessage(message);
    } catch (error) {
      // Not an event of ours: straight to the dead letters.
      const topic = message.fields.routingKey.replace(/\.\d+$/, '');
      notify(config.onEvent, { type: 'dead_lettered', consumer: consumer.name, topic, error: String(error) });
      channel.nack(message, false, false);
      return;
    }
    serializer.run(event.key, async () => {
      const outcome = await deliverWithRetries(consumer, event, config.retry, abort.signal, config.onEvent);
      try {
        if (outcome.kind === 'done') channel.ack(message);
        else if (outcome.kind === 'dead') channel.nack(message, false, false);
        // abandoned: closing the channel gives it back to the broker.
      } catch {
        // The channel is gone: the broker redelivers the message.
      }
    });
  };

  for (let partition = 0; partition < config.partitions; partition++) {
    const queue = names.queue(consumer.name, partition);
    await channel.assertQueue(queue, {
      durable: true,
      arguments: { 'x-dead-letter-exchange': names.deadExchange, 'x-single-active-consumer': true },
    });
    for (const topic of consumer.topics)
      await channel.bindQueue(queue, names.exchange, `${topic}.${partition}`);
    tags.push((await channel.consume(queue, onMessage, { noAck: false })).consumerTag);
  }

  let stopped = false;
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(tags.map((tag) => channel.cancel(tag).catch(() => {})));
      abort.abort();
      await Promise.race([serializer.idle(), sleep(config.stopGraceMs)]);
      await channel.close().catch(() => {});
    },
  };
}
