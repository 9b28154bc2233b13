import type { RedisLike } from './redis-like.js';

/**
 * A subscription whose completeness is known: `trusted` only while it is subscribed and a `PING`
 * sent on it at most `maxStalenessMs` ago was answered (a pong proves every message published
 * before it arrived), or a full `sync` ran that recently. Used by the revocation store and the
 * cache store's invalidation channel; not exported from the package.
 */
export interface TrustedSubscription {
  readonly trusted: boolean;
  whenTrusted(timeoutMs?: number): Promise<boolean>;
  close(): void;
}

export function trustedSubscription(
  client: RedisLike,
  channel: string,
  handlers: { message(text: string): void; sync(): Promise<void> },
  options: { heartbeatMs: number; maxStalenessMs: number },
): TrustedSubscription {
  let completeAsOf = Number.NEGATIVE_INFINITY;
  let connected = false;
  let syncing = 0;
  let closed = false;
  const subscriber = client.duplicate({ autoResubscribe: false, enableOfflineQueue: false });

  const untrust = () => {
    connected = false;
    completeAsOf = Number.NEGATIVE_INFINITY;
  };

  async function sync(): Promise<void> {
    const attempt = ++syncing;
    try {
      const started = Date.now();
      await subscriber.subscribe(channel);
      await handlers.sync();
      if (attempt === syncing && !closed) {
        connected = true;
        completeAsOf = started;
      }
    } catch {
      // Redis is not answering: stay untrusted; the next `ready` syncs again.
    }
  }

  subscriber.on('message', ((_channel: string, text: string) => handlers.message(text)) as (
    ...args: never[]
  ) => void);
  subscriber.on('ready', () => void sync());
  for (const event of ['close', 'end', 'reconnecting', 'error']) subscriber.on(event, untrust);

  const heartbeat = setInterval(() => {
    if (!connected) return;
    const sent = Date.now();
    const timeout = new Promise((_, reject) => setTimeout(reject, options.heartbeatMs).unref());
    Promise.race([subscriber.ping(), timeout]).then(
      () => {
        if (connected) completeAsOf = Math.max(completeAsOf, sent);
      },
      () => {
        untrust();
        if (!closed) subscriber.disconnect(true);
      },
    );
  }, options.heartbeatMs);
  heartbeat.unref();

  const isTrusted = () => connected && Date.now() - completeAsOf <= options.maxStalenessMs;
  return {
    get trusted() {
      return isTrusted();
    },
    async whenTrusted(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!isTrusted()) {
        if (Date.now() > deadline || closed) return false;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return true;
    },
    close() {
      closed = true;
      clearInterval(heartbeat);
      untrust();
      subscriber.disconnect();
    },
  };
}
