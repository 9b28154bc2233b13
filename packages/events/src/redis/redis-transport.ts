import { Redis } from 'ioredis';
import { partitionOf } from '../delivery.js';
import type { DeadLetter, EventTransport, Subscription } from '../transport.js';
import { decodeEvent, encodeEvent, fieldsOf, type StreamEntry } from './redis-codec.js';
import { parseRedisTransportOptions, type RedisTransportOptions } from './redis-options.js';
import { startRedisSubscription } from './redis-subscription.js';

/**
 * The Redis Streams transport. Events go to `partitions` streams (`<prefix>:p<n>`) by hash of their
 * key, so one key's events stay in one stream, in order. Each consumer name is a consumer group on
 * every stream; its processes share the entries, handle one key's events one after another,
 * acknowledge (XACK) what they handled, take over what a dead process left pending (XAUTOCLAIM after
 * `claimIdleMs`), retry with backoff and move an event that exhausts its retries to the dead-letter
 * stream `<prefix>:dead`. The processes of one consumer share its partitions by leases on Redis, so
 * each partition is read by one process at a time and one key's events keep their order across
 * processes; a dead process's partitions (and its pending entries) move to the others when its
 * leases end (`partitionLeaseMs`).
 *
 * @example
 * ```ts
 * import { createRedisTransport } from '@truss/events/redis';
 * const transport = createRedisTransport({ url: 'redis://127.0.0.1:6379', prefix: 'shop:events' });
 * await transport.subscribe(consumer);
 * ```
 */
export function createRedisTransport(options: RedisTransportOptions): EventTransport {
  const config = parseRedisTransportOptions(options);
  const redis = new Redis(config.url, { connectionName: 'truss-events', maxRetriesPerRequest: 2 });
  redis.on('error', () => {});
  const streams = Array.from({ length: config.partitions }, (_, i) => `${config.prefix}:p${i}`);
  const deadStream = `${config.prefix}:dead`;
  const subscriptions = new Set<Subscription>();

  const readDead = async (limit: number): Promise<(DeadLetter & { fields: Record<string, string> })[]> => {
    const entries = (await redis.xrange(deadStream, '-', '+', 'COUNT', limit)) as StreamEntry[];
    return entries.map(([id, flat]) => {
      const fields = fieldsOf(flat);
      let event: DeadLetter['event'];
      try {
        event = decodeEvent(fields);
      } catch {
        event = {
          id: fields.id ?? '',
          topic: fields.topic ?? '',
          key: fields.key ?? '',
          payload: null,
          occurredAt: new Date(0),
        };
      }
      return { id, consumer: fields.consumer ?? '', event, error: fields.error ?? null, fields };
    });
  };

  return {
    kind: 'redis',
    durable: true,
    async publish(events) {
      if (events.length === 0) return;
      const pipeline = redis.pipeline();
      for (const event of events) {
        pipeline.xadd(
          streams[partitionOf(event.key, config.partitions)] as string,
          '*',
          ...encodeEvent(event),
        );
      }
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
    },
    async subscribe(consumer) {
      const reader = redis.duplicate({ connectionName: `truss-events-${consumer.name}` });
      reader.on('error', () => {});
      const subscription = await startRedisSubscription(
        { config, redis, reader, streams, deadStream },
        consumer,
      );
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
      async list(limit) {
        return (await readDead(limit)).map(({ fields: _, ...dead }) => dead);
      },
      async replay(ids) {
        let replayed = 0;
        for (const dead of await readDead(100_000)) {
          if (ids !== undefined && !ids.includes(dead.id)) continue;
          const stream = streams[partitionOf(dead.event.key, config.partitions)] as string;
          await redis
            .multi()
            .xadd(stream, '*', ...encodeEvent(dead.event, { only: dead.consumer }))
            .xdel(deadStream, dead.id)
            .exec();
          replayed++;
        }
        return replayed;
      },
    },
    async close() {
      await Promise.all([...subscriptions].map((s) => s.stop()));
      await redis.quit().catch(() => {});
    },
  };
}
