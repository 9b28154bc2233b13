import { parseInput } from '@truss/core';
import mitt from 'mitt';
import { z } from 'zod';
import { activityListenerSchema, type EventActivityListener } from '../activity.js';
import {
  type DeliveryOutcome,
  deliverWithRetries,
  KeyedSerializer,
  partitionOf,
  type RetryPolicy,
  retrySchema,
} from '../delivery.js';
import type { DeliveredEvent, EventConsumer } from '../event.js';
import type { DeadLetter, EventTransport, Subscription } from '../transport.js';

/**
 * Options of {@link createMemoryTransport}.
 *
 * @example
 * ```ts
 * const options: MemoryTransportOptions = { retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 1000 } };
 * ```
 */
export interface MemoryTransportOptions {
  /** Default {@link DEFAULT_RETRY}. */
  retry?: RetryPolicy;
  /** Told what happens to each delivery (handled, failed, dead-lettered): `eventMetrics` counts it. */
  onEvent?: EventActivityListener;
}

const optionsSchema = z.strictObject({ retry: retrySchema, onEvent: activityListenerSchema });

interface Envelope {
  event: DeliveredEvent;
  track(delivery: Promise<void>): void;
}

interface MemorySubscription {
  consumer: EventConsumer;
  deliver(event: DeliveredEvent): Promise<void>;
}

/**
 * The in-process transport on mitt: the embedded default, for one process. `publish` resolves only
 * when every subscribed consumer is done with the events (handled, or dead-lettered after its
 * retries), and rejects when a subscription stopped before — so the outbox relay marks an event
 * published only once its effects are applied, and a crash loses nothing. Events published with no
 * subscriber of their topic are dropped. Dead letters live in memory (lost with the process).
 *
 * @example
 * ```ts
 * const transport = createMemoryTransport();
 * await transport.subscribe({ name: 'log', topics: ['order.created'], async handle(e) { console.log(e.id); } });
 * await transport.publish([{ id, topic: 'order.created', key: orderId, payload, occurredAt: new Date() }]);
 * ```
 */
export function createMemoryTransport(options: MemoryTransportOptions = {}): EventTransport {
  const config = parseInput(optionsSchema, options, 'memory transport options');
  const emitter = mitt<Record<string, Envelope>>();
  const subscriptions = new Set<MemorySubscription & Subscription>();
  const deadLetters: DeadLetter[] = [];
  let nextDeadId = 1;

  const subscribe = async (consumer: EventConsumer): Promise<Subscription> => {
    const serializer = new KeyedSerializer();
    const abort = new AbortController();
    const deliver = (event: DeliveredEvent) =>
      new Promise<void>((resolve, reject) => {
        serializer.run(event.key, async () => {
          const outcome: DeliveryOutcome = abort.signal.aborted
            ? { kind: 'abandoned' }
            : await deliverWithRetries(consumer, event, config.retry, abort.signal, config.onEvent);
          if (outcome.kind === 'abandoned') {
            reject(new Error(`Consumer ${consumer.name} stopped before handling event ${event.id}`));
            return;
          }
          if (outcome.kind === 'dead') {
            deadLetters.push({
              id: String(nextDeadId++),
              consumer: consumer.name,
              event,
              error: outcome.error,
            });
          }
          resolve();
        });
      });
    // Subscriptions of one consumer name share its events: each goes to one of them, by its key.
    const listener = (envelope: Envelope) => {
      const group = [...subscriptions].filter((s) => s.consumer.name === consumer.name);
      if (group[partitionOf(envelope.event.key, group.length)] === subscription) {
        envelope.track(deliver(envelope.event));
      }
    };
    for (const topic of consumer.topics) emitter.on(topic, listener);
    const subscription: MemorySubscription & Subscription = {
      consumer,
      deliver,
      async stop() {
        if (!subscriptions.delete(subscription)) return;
        for (const topic of consumer.topics) emitter.off(topic, listener);
        abort.abort();
        await serializer.idle();
      },
    };
    subscriptions.add(subscription);
    return subscription;
  };

  return {
    kind: 'memory',
    durable: false,
    async publish(events) {
      const deliveries: Promise<void>[] = [];
      for (const event of events) {
        emitter.emit(event.topic, { event, track: (delivery) => deliveries.push(delivery) });
      }
      const results = await Promise.allSettled(deliveries);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
    subscribe,
    deadLetters: {
      async list(limit) {
        return deadLetters.slice(0, limit);
      },
      async replay(ids) {
        const chosen = deadLetters.filter((d) => ids === undefined || ids.includes(d.id));
        let replayed = 0;
        for (const dead of chosen) {
          const target = [...subscriptions].find((s) => s.consumer.name === dead.consumer);
          if (!target) continue;
          deadLetters.splice(deadLetters.indexOf(dead), 1);
          replayed++;
          await target.deliver(dead.event);
        }
        return replayed;
      },
    },
    async close() {
      await Promise.all([...subscriptions].map((s) => s.stop()));
    },
  };
}
