import {
  type Logger,
  type OutboxMessage,
  type OutboxRepository,
  parseInput,
  silentLogger,
} from '@truss/core';
import { z } from 'zod';
import { activityListenerSchema, type EventActivityListener, notify } from '../activity.js';
import { sleep } from '../delivery.js';
import type { DeliveredEvent } from '../event.js';
import type { EventTransport } from '../transport.js';

/**
 * Options of {@link createOutboxRelay}.
 *
 * @example
 * ```ts
 * const options: OutboxRelayOptions = { outbox: createOutboxRepository(database.executor), transport };
 * ```
 */
export interface OutboxRelayOptions {
  /** The outbox to drain (`claim` and `markPublished` are used). */
  outbox: Pick<OutboxRepository, 'claim' | 'markPublished' | 'recordFailure'>;
  transport: EventTransport;
  /** Events claimed and published at once (1–1000). Default 200. */
  batchSize?: number;
  /** How long a claim holds its events; a relay that dies releases them after this. Default 30 000 ms. */
  leaseMs?: number;
  /** Wait between polls when the outbox is empty. Default 200 ms. */
  pollMs?: number;
  /** The aggregate key of an event. Default: the payload's `id` (spec §6.3's events), else the event id. */
  keyOf?: (message: OutboxMessage) => string;
  /** Publishing failures are logged here at `warn`. Default: silent. */
  logger?: Logger;
  /** Told how many events of each topic each batch published: `eventMetrics` counts them. */
  onEvent?: EventActivityListener;
}

/**
 * A running relay.
 *
 * @example
 * ```ts
 * const relay = createOutboxRelay({ outbox, transport });
 * relay.start();
 * await relay.stop();
 * ```
 */
export interface OutboxRelay {
  /** Claims, publishes and marks one batch; answers how many events it published. */
  runOnce(): Promise<number>;
  /** Polls in the background until {@link OutboxRelay.stop}. */
  start(): void;
  /** Finishes the batch in hand and stops polling. */
  stop(): Promise<void>;
}

const schema = z.strictObject({
  outbox: z.custom<OutboxRelayOptions['outbox']>((o) => typeof o === 'object' && o !== null && 'claim' in o),
  transport: z.custom<EventTransport>((t) => typeof t === 'object' && t !== null && 'publish' in t),
  batchSize: z.number().int().min(1).max(1000).default(200),
  leaseMs: z.number().int().min(100).max(3_600_000).default(30_000),
  pollMs: z.number().int().min(1).max(60_000).default(200),
  keyOf: z.custom<(message: OutboxMessage) => string>((f) => typeof f === 'function').optional(),
  logger: z.custom<Logger>((l) => typeof l === 'object' && l !== null && 'warn' in l).optional(),
  onEvent: activityListenerSchema,
});

/**
 * The aggregate key of an outbox event: its payload's `id` when that is a string (`user.created`,
 * `order.created` and `order.shipped` carry the user's or the order's id there), else the event id.
 *
 * @example
 * ```ts
 * defaultKeyOf({ id, topic: 'order.shipped', payload: { id: orderId, trackingNumber: 'T' }, createdAt, publishedAt: null, attempts: 0 }); // orderId
 * ```
 */
export function defaultKeyOf(message: OutboxMessage): string {
  const payload = message.payload as { id?: unknown } | null;
  return typeof payload === 'object' && payload !== null && typeof payload.id === 'string'
    ? payload.id
    : message.id;
}

/**
 * The transactional outbox's relay: claims pending events (a lease, so several relays share the
 * work and never publish one event at the same time), publishes them with their outbox id as event
 * id, then marks them published. A crash between the claim and the mark loses nothing: the lease
 * expires and a relay publishes the events again, with the same ids, which idempotent consumers
 * recognise. Order per key follows the outbox's order within a batch.
 *
 * @example
 * ```ts
 * const relay = createOutboxRelay({ outbox: createOutboxRepository(database.executor), transport });
 * relay.start();
 * process.once('SIGTERM', () => void relay.stop());
 * ```
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const config = parseInput(schema, options, 'outbox relay options');
  const keyOf = config.keyOf ?? defaultKeyOf;
  const logger = config.logger ?? silentLogger;
  let running = false;
  let loop: Promise<void> | null = null;
  let stopping = new AbortController();

  const runOnce = async (): Promise<number> => {
    const messages = await config.outbox.claim(config.batchSize, config.leaseMs);
    if (messages.length === 0) return 0;
    const events: DeliveredEvent[] = messages.map((m) => ({
      id: m.id,
      topic: m.topic,
      key: keyOf(m),
      payload: m.payload,
      occurredAt: m.createdAt,
    }));
    try {
      await config.transport.publish(events);
    } catch (error) {
      logger.warn(
        { err: error, events: messages.length },
        'outbox relay: publishing failed; retried after the lease',
      );
      await Promise.all(messages.map((m) => config.outbox.recordFailure(m.id).catch(() => {})));
      throw error;
    }
    await config.outbox.markPublished(
      messages.map((m) => m.id),
      new Date(),
    );
    if (config.onEvent) {
      const counts = new Map<string, number>();
      for (const m of messages) counts.set(m.topic, (counts.get(m.topic) ?? 0) + 1);
      for (const [topic, count] of counts) notify(config.onEvent, { type: 'published', topic, count });
    }
    return messages.length;
  };

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      stopping = new AbortController();
      const { signal } = stopping;
      loop = (async () => {
        while (running) {
          let published = 0;
          try {
            published = await runOnce();
          } catch (error) {
            logger.warn({ err: error }, 'outbox relay: batch failed');
            published = 0;
          }
          if (published < config.batchSize && running) await sleep(config.pollMs, signal);
        }
      })();
    },
    async stop() {
      running = false;
      stopping.abort();
      await loop;
      loop = null;
    },
  };
}
