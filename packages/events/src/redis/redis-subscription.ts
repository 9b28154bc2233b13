import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { deliverWithRetries, KeyedSerializer } from '../delivery.js';
import type { DeliveredEvent, EventConsumer } from '../event.js';
import type { Subscription } from '../transport.js';
import { decodeEvent, encodeEvent, fieldsOf, type StreamEntry } from './redis-codec.js';
import type { RedisTransportConfig } from './redis-options.js';

type ReadReply = [string, StreamEntry[]][] | null;

/** What a subscription needs from its transport. @internal */
export interface RedisSubscriptionContext {
  config: RedisTransportConfig;
  /** Commands (XACK, XADD to the dead letters, XAUTOCLAIM). */
  redis: Redis;
  /** A dedicated connection for blocking reads. */
  reader: Redis;
  streams: readonly string[];
  deadStream: string;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One consumer group (the consumer's name) over every partition stream: reads new entries, takes
 * over entries a dead consumer left pending, handles them per key in order, acknowledges them,
 * and dead-letters those that exhaust their retries (XADD to the dead stream and XACK in one
 * MULTI). @internal
 */
export async function startRedisSubscription(
  context: RedisSubscriptionContext,
  consumer: EventConsumer,
): Promise<Subscription> {
  const { config, redis, reader, streams, deadStream } = context;
  const group = consumer.name;
  const me = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const topics = new Set(consumer.topics);
  const serializer = new KeyedSerializer();
  const abort = new AbortController();
  const held = new Set<string>();

  for (const stream of streams) {
    try {
      await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  const deadLetter = async (stream: string, entryId: string, fields: string[], error: string) => {
    await redis
      .multi()
      .xadd(deadStream, '*', ...fields, 'consumer', group, 'error', error.slice(0, 2000))
      .xack(stream, group, entryId)
      .exec();
  };

  const dispatch = (stream: string, [entryId, flat]: StreamEntry) => {
    const heldId = `${stream} ${entryId}`;
    if (held.has(heldId)) return;
    const fields = fieldsOf(flat);
    if (!topics.has(fields.topic ?? '') || (fields.only !== undefined && fields.only !== group)) {
      void redis.xack(stream, group, entryId).catch(() => {});
      return;
    }
    let event: DeliveredEvent;
    try {
      event = decodeEvent(fields);
    } catch (error) {
      void deadLetter(stream, entryId, flat, (error as Error).message).catch(() => {});
      return;
    }
    held.add(heldId);
    serializer.run(event.key, async () => {
      try {
        const outcome = await deliverWithRetries(consumer, event, config.retry, abort.signal);
        if (outcome.kind === 'done') await redis.xack(stream, group, entryId);
        else if (outcome.kind === 'dead')
          await deadLetter(stream, entryId, encodeEvent(event), outcome.error);
        // abandoned: left pending; another consumer claims it after claimIdleMs.
      } catch {
        // Redis unreachable: the entry stays pending and is claimed again later.
      } finally {
        held.delete(heldId);
      }
    });
  };

  const reclaim = async () => {
    for (const stream of streams) {
      let cursor = '0-0';
      do {
        const reply = (await redis.xautoclaim(
          stream,
          group,
          me,
          config.claimIdleMs,
          cursor,
          'COUNT',
          config.batchSize,
        )) as [string, (StreamEntry | null)[], string[]?];
        cursor = reply[0];
        for (const entry of reply[1]) if (entry) dispatch(stream, entry);
      } while (cursor !== '0-0' && !abort.signal.aborted && serializer.size < config.maxInFlight);
    }
  };

  const readLoop = async () => {
    let lastReclaim = 0;
    while (!abort.signal.aborted) {
      try {
        if (serializer.size >= config.maxInFlight) {
          await sleep(5);
          continue;
        }
        if (Date.now() - lastReclaim >= config.claimIdleMs / 2) {
          lastReclaim = Date.now();
          await reclaim();
        }
        const reply = (await reader.xreadgroup(
          'GROUP',
          group,
          me,
          'COUNT',
          config.batchSize,
          'BLOCK',
          config.blockMs,
          'STREAMS',
          ...streams,
          ...streams.map(() => '>'),
        )) as ReadReply;
        for (const [stream, entries] of reply ?? []) for (const entry of entries) dispatch(stream, entry);
      } catch {
        if (!abort.signal.aborted) await sleep(200);
      }
    }
  };
  const loop = readLoop();

  return {
    async stop() {
      if (abort.signal.aborted) return;
      abort.abort();
      reader.disconnect();
      await loop;
      await Promise.race([serializer.idle(), sleep(config.stopGraceMs)]);
    },
  };
}
