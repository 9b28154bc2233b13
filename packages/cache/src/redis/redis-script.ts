import { createHash } from 'node:crypto';
import { TrussError } from '@truss/core';
import type { RedisLike } from './redis-like.js';

/** A Lua script and its SHA-1, run with EVALSHA (EVAL once when the server does not know it yet). */
export interface RedisScript {
  readonly lua: string;
  readonly sha: string;
}

/** Prepares a Lua script. */
export function redisScript(lua: string): RedisScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** The error every store throws when Redis does not answer: 503 `service_unavailable`. */
export function redisUnavailable(cause: unknown): TrussError {
  return new TrussError('service_unavailable', 'Shared state (Redis) is unavailable; try again shortly', {
    cause,
  });
}

/** Sends a command; any failure becomes {@link redisUnavailable}. */
export async function redisCall(client: RedisLike, command: string, ...args: (string | number)[]) {
  try {
    return await client.call(command, ...args);
  } catch (error) {
    throw redisUnavailable(error);
  }
}

/** Runs `script` in one round trip; any failure becomes {@link redisUnavailable}. */
export async function runScript(
  client: RedisLike,
  script: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    try {
      return await client.call('EVALSHA', script.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
      return await client.call('EVAL', script.lua, keys.length, ...keys, ...args);
    }
  } catch (error) {
    throw redisUnavailable(error);
  }
}
