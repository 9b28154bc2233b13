import type { Redis } from 'ioredis';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** What {@link createPartitionOwnership} needs. @internal */
export interface PartitionOwnershipOptions {
  redis: Redis;
  /** Prefix of the lease and member keys of this consumer group. */
  keyPrefix: string;
  streams: readonly string[];
  /** This process's member id. */
  me: string;
  leaseMs: number;
  /** Called when a partition is acquired, before it is read: take over its pending entries. */
  onAcquire(stream: string): Promise<void>;
  /** Whether this process still holds events of `stream` (a partition is released only when not). */
  busy(stream: string): boolean;
}

/**
 * Leases on partitions, so that each partition stream of a consumer group is read by one process
 * at a time and one key's events keep their order across processes. Each process heartbeats in a
 * sorted set of members, owns at most its fair share (partitions ÷ live members, rounded up), gives
 * back extras once it holds none of their events, and takes free partitions (a dead owner's lease
 * expires after `leaseMs`). @internal
 */
export function createPartitionOwnership(options: PartitionOwnershipOptions) {
  const { redis, keyPrefix, streams, me, leaseMs } = options;
  const members = `${keyPrefix}:members`;
  const leaseKey = (stream: string) => `${keyPrefix}:owner:${streams.indexOf(stream)}`;
  const owned = new Set<string>();
  const releasing = new Set<string>();

  const release = async (stream: string) => {
    await redis.eval(RELEASE, 1, leaseKey(stream), me);
    owned.delete(stream);
    releasing.delete(stream);
  };

  return {
    /** The partitions to read now. */
    readable(): string[] {
      return streams.filter((s) => owned.has(s) && !releasing.has(s));
    },
    /** Heartbeat, renew, give back extras, take free partitions. */
    async rebalance(): Promise<void> {
      const now = Date.now();
      await redis
        .multi()
        .zadd(members, now, me)
        .zremrangebyscore(members, 0, now - leaseMs)
        .pexpire(members, leaseMs * 2)
        .exec();
      const live = Math.max(1, await redis.zcard(members));
      for (const stream of [...owned]) {
        if ((await redis.eval(RENEW, 1, leaseKey(stream), me, leaseMs)) !== 1) {
          owned.delete(stream);
          releasing.delete(stream);
        }
      }
      const fair = Math.ceil(streams.length / live);
      const keep = [...owned].filter((s) => !releasing.has(s));
      for (const stream of keep.slice(fair)) releasing.add(stream);
      for (const stream of [...releasing]) if (!options.busy(stream)) await release(stream);
      for (const stream of streams) {
        if (owned.size >= fair) break;
        if (owned.has(stream)) continue;
        if ((await redis.set(leaseKey(stream), me, 'PX', leaseMs, 'NX')) === 'OK') {
          owned.add(stream);
          await options.onAcquire(stream);
        }
      }
    },
    /** Gives back every partition (after the events in hand are finished) and leaves the group. */
    async leave(): Promise<void> {
      await Promise.all([...owned].map((s) => release(s).catch(() => {})));
      await redis.zrem(members, me).catch(() => {});
    },
  };
}
