/**
 * The Redis client the stores of `@truss/cache` need, as a structural type: an ioredis `Redis`
 * (what {@link createRedisClient} answers) fits it, and so does any client with the same few
 * methods — `@truss/cache` never forces its ioredis version on you. Every command goes through
 * `call`, so other packages (a Redis Streams event transport, say) can build on the same client.
 *
 * @example
 * ```ts
 * const redis: RedisLike = createRedisClient('redis://127.0.0.1:6379');
 * await redis.call('SET', 'greeting', 'hello');
 * ```
 */
export interface RedisLike {
  /** Sends one command, e.g. `call('HGET', key, field)`. */
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  /** A new connection with the same options (pub/sub needs a connection of its own). */
  duplicate(override?: { autoResubscribe?: boolean; enableOfflineQueue?: boolean }): RedisLike;
  /** Enters subscriber mode on `channels`; messages arrive as `message` events. */
  subscribe(...channels: string[]): Promise<unknown>;
  /** `PING`; allowed in subscriber mode too (the revocation store's heartbeat). */
  ping(): Promise<unknown>;
  /** Connection events: `ready`, `close`, `end`, `error`, `message` (channel, text). */
  on(event: string, listener: (...args: never[]) => void): unknown;
  /** Connection state: `ready` when commands can be sent. */
  readonly status: string;
  /** Closes the connection after pending replies. */
  quit(): Promise<unknown>;
  /** Closes the connection now; with `reconnect`, opens it again. */
  disconnect(reconnect?: boolean): void;
}
