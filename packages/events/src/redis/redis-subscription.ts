import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { notify } from '../activity.js';
import { deliverWithRetries, KeyedSerializer } from '../delivery.js';
import type { DeliveredEvent, EventConsumer } from '../event.js';
import type { Subscription } from '../transport.js';
import { decodeEvent, encodeEvent, fieldsOf, type StreamEntry } from './redis-codec.js';
import type { RedisTransportConfig } from './redis-options.js';
import { createPartitionOwnership } from './redis-partitions.js';

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
  const heldPerStream = new Map<string, number>();
  const count = (stream: string, delta: number) =>
    heldPerStream.set(stream, (heldPerStream.get(stream) ?? 0) + delta);

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
    // An entry of a partition given back meanwhile stays pending: its new owner takes it over.
    if (held.has(heldId) || !ownership.readable().includes(stream)) return;
    const fields = fieldsOf(flat);
    if (!topics.has(fields.topic ?? '') || (fields.only !== undefined && fields.only !== group)) {
      void redis.xack(stream, group, entryId).catch(() => {});
      return;
    }
    let event: DeliveredEvent;
    try {
      event = decodeEvent(fields);
    } catch (error) {
      const message = (error as Error).message;
      notify(config.onEvent, {
        type: 'dead_lettered',
        consumer: consumer.name,
        topic: fields.topic ?? '',
        error: message,
      });
      void deadLetter(stream, entryId, flat, message).catch(() => {});
      return;
    }
    held.add(heldId);
    count(stream, 1);
    serializer.run(event.key, async () => {
      try {
        const outcome = await deliverWithRetries(consumer, event, config.retry, abort.signal, config.onEvent);
        if (outcome.kind === 'done') await redis.xack(stream, group, entryId);
        else if (outcome.kind === 'dead')
          await deadLetter(stream, entryId, encodeEvent(event), outcome.error);
        // abandoned: left pending; another consumer claims it after claimIdleMs.
      } catch {
        // Redis unreachable: the entry stays pending and is claimed again later.
      } finally {
        held.delete(heldId);
        count(stream, -1);
      }
    });
  };

  /**
   * Takes over entries of `stream` pending with other members for at least `minIdleMs`, page by
   * page, until none is left, the subscription stops or (`bounded`) it holds `maxInFlight`.
   */
  const claim = async (stream: string, minIdleMs: number, bounded = false) => {
    let cursor = '0-0';
    do {
      const reply = (await redis.xautoclaim(
        stream,
        group,
        me,
        minIdleMs,
        cursor,
        'COUNT',
        config.batchSize,
      )) as [string, (StreamEntry | null)[], string[]?];
      cursor = reply[0];
      for (const entry of reply[1]) if (entry) dispatch(stream, entry);
    } while (
      cursor !== '0-0' &&
      !abort.signal.aborted &&
      !(bounded && serializer.size >= config.maxInFlight)
    );
  };

  const ownership = createPartitionOwnership({
    redis,
    keyPrefix: `${config.prefix}:group:${group}`,
    streams,
    me,
    leaseMs: config.partitionLeaseMs,
    // The previous owner is gone (its lease ended) or gave the partition back with nothing in hand:
    // what is pending there is ours at once, handled before the partition's new entries.
    onAcquire: (stream) => claim(stream, 0),
    busy: (stream) => (heldPerStream.get(stream) ?? 0) > 0,
  });
  let rebalancing: Promise<void> = Promise.resolve();
  const rebalance = () => {
    rebalancing = rebalancing.then(() => ownership.rebalance()).catch(() => {});
    return rebalancing;
  };
  await rebalance();
  const renewTimer = setInterval(
    () => void rebalance(),
    Math.max(50, Math.floor(config.partitionLeaseMs / 3)),
  );
  renewTimer.unref();
  const blockMs = Math.min(config.blockMs, Math.max(10, Math.floor(config.partitionLeaseMs / 3)));

  const reclaim = async () => {
    for (const stream of ownership.readable()) await claim(stream, config.claimIdleMs, true);
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
        const readable = ownership.readable();
        if (readable.length === 0) {
          await sleep(blockMs);
          continue;
        }
        const reply = (await reader.xreadgroup(
          'GROUP',
          group,
          me,
          'COUNT',
          config.batchSize,
          'BLOCK',
          blockMs,
          'STREAMS',
          ...readable,
          ...readable.map(() => '>'),
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
      clearInterval(renewTimer);
      reader.disconnect();
      await loop;
      await Promise.race([serializer.idle(), sleep(config.stopGraceMs)]);
      await rebalancing;
      await ownership.leave();
    },
  };
}
