import { type CacheStore, type Logger, parseInput, silentLogger } from '@truss/core';
import { z } from 'zod';
import type { Middleware, RequestContext, TrussResponse } from './types.js';

/**
 * Options of {@link readYourWrites}.
 *
 * @example
 * ```ts
 * const options: ReadYourWritesOptions = { store: shared.cache, windowSeconds: 5, onPrimary: withPrimaryReads };
 * ```
 */
export interface ReadYourWritesOptions {
  /**
   * Where each client's last write is remembered: `createMemoryCacheStore()` of `@truss/core` for one
   * instance, the Redis cache store of `@truss/cache` when several instances share one database.
   */
  store: CacheStore;
  /** How long after a write the same client's reads stay on the primary: at least the replicas' lag. */
  windowSeconds: number;
  /** Runs `fn` with its reads on the primary: `withPrimaryReads` of `@truss/repos`. */
  onPrimary: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Store errors are logged here (the request then reads from the primary). Default: silent. */
  logger?: Logger;
}

const optionsSchema = z.strictObject({
  store: z.custom<CacheStore>((s) => typeof s === 'object' && s !== null && 'get' in s && 'set' in s),
  windowSeconds: z.number().int().min(1).max(3600),
  onPrimary: z.custom<ReadYourWritesOptions['onPrimary']>((f) => typeof f === 'function'),
  logger: z.custom<Logger>((l) => typeof l === 'object' && l !== null && 'warn' in l).optional(),
});

const READS = new Set(['GET', 'HEAD']);

/** Who a request is for: the user when authenticated, else the client address. */
function clientOf(ctx: RequestContext): string {
  return ctx.principal ? `user:${ctx.principal.userId}` : `ip:${ctx.request.ip ?? 'unknown'}`;
}

/**
 * Read-your-writes over read replicas (spec §8.3), as kernel middleware for `afterAuthentication`:
 * every write request (`POST`, `PUT`, `PATCH`, `DELETE`) runs with its reads on the primary, and for
 * `windowSeconds` after a successful write, that client's reads do too — so a `GET` right after the
 * client's own `PUT` never sees the replica's older row. A client is its user when the request is
 * authenticated, else its address. Other clients keep reading from the replicas.
 *
 * When the store cannot answer, the request reads from the primary (correct, only slower) and the
 * error is logged. Mount it only when the database has replicas: without them it costs a store
 * lookup per read for nothing.
 *
 * @example
 * ```ts
 * import { withPrimaryReads } from '@truss/repos';
 * createKernel({
 *   routes,
 *   authenticate,
 *   afterAuthentication: [readYourWrites({ store: createMemoryCacheStore(), windowSeconds: 5, onPrimary: withPrimaryReads })],
 * });
 * ```
 */
export function readYourWrites(options: ReadYourWritesOptions): Middleware {
  const config = parseInput(optionsSchema, options, 'read-your-writes options');
  const logger = config.logger ?? silentLogger;
  const windowMs = config.windowSeconds * 1000;
  const { store, onPrimary } = config;

  const recentlyWrote = async (key: string): Promise<boolean> => {
    try {
      const found = await store.get(key, '');
      return found.hit && Number(found.value) > Date.now();
    } catch (error) {
      logger.warn({ err: error }, 'read-your-writes store failed: reading from the primary');
      return true;
    }
  };
  const rememberWrite = async (key: string): Promise<void> => {
    try {
      // A new generation first, so the later expiry replaces an earlier one.
      await store.invalidate([key]);
      const found = await store.get(key, '');
      if (!found.hit) await store.set(key, '', String(Date.now() + windowMs), windowMs, found.generation);
    } catch (error) {
      logger.warn({ err: error }, 'read-your-writes store failed: the write is not remembered');
    }
  };

  return async (ctx, next) => {
    const key = `read-your-writes:${clientOf(ctx)}`;
    if (READS.has(ctx.request.method)) {
      return (await recentlyWrote(key)) ? onPrimary(next) : next();
    }
    const response: TrussResponse = await onPrimary(next);
    if (response.status < 400) await rememberWrite(key);
    return response;
  };
}
