import { z } from 'zod';
import { type EventActivityListener, notify } from './activity.js';
import type { DeliveredEvent, EventConsumer } from './event.js';

/**
 * How a consumer's failures are retried: up to `maxAttempts` calls of `handle` in all, waiting
 * `baseDelayMs · 2^(attempt-1)` (at most `maxDelayMs`, with ±20% jitter) between them; then the
 * event goes to the dead letters.
 *
 * @example
 * ```ts
 * const retry: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 };
 * ```
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The default {@link RetryPolicy}: 5 attempts, 100 ms doubling to at most 10 s.
 *
 * @example
 * ```ts
 * createMemoryTransport({ retry: { ...DEFAULT_RETRY, maxAttempts: 3 } });
 * ```
 */
export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
});

/** The zod schema of a {@link RetryPolicy} given in options. @internal */
export const retrySchema = z
  .strictObject({
    maxAttempts: z.number().int().min(1).max(100),
    baseDelayMs: z.number().int().min(0).max(600_000),
    maxDelayMs: z.number().int().min(0).max(3_600_000),
  })
  .default(DEFAULT_RETRY);

/** How one delivery ended. @internal */
export type DeliveryOutcome = { kind: 'done' } | { kind: 'dead'; error: string } | { kind: 'abandoned' };

function backoff(policy: RetryPolicy, attempt: number): number {
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}

/** Waits `ms`, or less when `signal` aborts (then at once). @internal */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Calls `consumer.handle(event)` until it resolves or the attempts run out, telling `onEvent` how
 * each call ended. When `signal` aborts (the subscription stops) during a backoff, answers
 * `abandoned`: the transport gives the event back unacknowledged. @internal
 */
export async function deliverWithRetries(
  consumer: EventConsumer,
  event: DeliveredEvent,
  policy: RetryPolicy,
  signal: AbortSignal,
  onEvent?: EventActivityListener,
): Promise<DeliveryOutcome> {
  const about = { consumer: consumer.name, topic: event.topic };
  for (let attempt = 1; ; attempt++) {
    try {
      await consumer.handle(event);
      notify(onEvent, { type: 'consumed', ...about, attempts: attempt });
      return { kind: 'done' };
    } catch (error) {
      const message = messageOf(error);
      notify(onEvent, { type: 'failed', ...about, attempt, error: message });
      if (attempt >= policy.maxAttempts) {
        notify(onEvent, { type: 'dead_lettered', ...about, error: message });
        return { kind: 'dead', error: message };
      }
      await sleep(backoff(policy, attempt), signal);
      if (signal.aborted) return { kind: 'abandoned' };
    }
  }
}

/**
 * Runs tasks one after another per key and concurrently across keys: the order per aggregate that
 * the transports promise. @internal
 */
export class KeyedSerializer {
  #tails = new Map<string, Promise<void>>();
  #pending = 0;
  #idle: (() => void)[] = [];

  /** Tasks queued or running. */
  get size(): number {
    return this.#pending;
  }

  /** Queues `task` after the tasks of `key` queued before it. `task` must not throw. */
  run(key: string, task: () => Promise<void>): void {
    this.#pending++;
    const tail = (this.#tails.get(key) ?? Promise.resolve()).then(task).finally(() => {
      this.#pending--;
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
      if (this.#pending === 0) for (const resolve of this.#idle.splice(0)) resolve();
    });
    this.#tails.set(key, tail);
  }

  /** Resolves when no task is queued or running. */
  idle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }
}

/** FNV-1a of `key`, modulo `partitions`: the partition of an aggregate. @internal */
export function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
