import type { Clock } from '@truss/core';
import { afterAll } from 'vitest';
import type { ServiceName } from '../../services.js';

/** A store opened for a conformance suite, and how to close it. */
export interface OpenedStore<S> {
  store: S;
  close(): Promise<void>;
}

/**
 * An implementation of a shared-state port under test (`runCacheStoreConformance`, …).
 *
 * @example
 * ```ts
 * const target: StoreConformanceTarget<RateLimitStore> = {
 *   name: 'memory',
 *   open: () => ({ store: createMemoryRateLimitStore(), close: async () => {} }),
 * };
 * ```
 */
export interface StoreConformanceTarget<S> {
  /** Shown in the suite names, e.g. `Redis`. */
  name: string;
  /** Services it needs: its suite skips (or, under `CI`, fails the run) when one is down. */
  services?: readonly ServiceName[];
  /**
   * Opens a handle on the state named `scope`, with `clock` as its source of time (where the
   * implementation takes one). Two calls with the same `scope` must reach the same state — as two
   * instances of an application on one Redis do; an in-process store answers the same store.
   * Different scopes never share anything (prefix the keys with it).
   */
  open(options: { scope: string; clock: Clock }): OpenedStore<S> | Promise<OpenedStore<S>>;
}

/** Opens handles for one suite and closes them all after it. */
export function storeOpener<S>(target: StoreConformanceTarget<S>) {
  const opened: OpenedStore<S>[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((o) => o.close()));
  });
  return async (scope: string, clock: Clock): Promise<S> => {
    const handle = await target.open({
      scope: `${scope}-${globalThis.crypto.randomUUID().slice(0, 8)}`,
      clock,
    });
    opened.push(handle);
    return handle.store;
  };
}

/** Like {@link storeOpener}, but two handles on one scope. */
export function twoHandles<S>(target: StoreConformanceTarget<S>) {
  const opened: OpenedStore<S>[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((o) => o.close()));
  });
  return async (scope: string, clock: Clock): Promise<[S, S]> => {
    const unique = `${scope}-${globalThis.crypto.randomUUID().slice(0, 8)}`;
    const a = await target.open({ scope: unique, clock });
    const b = await target.open({ scope: unique, clock });
    opened.push(a, b);
    return [a.store, b.store];
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
