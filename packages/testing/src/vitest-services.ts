import { describe, inject } from 'vitest';
import { type ProbeResult, SERVICES, type ServiceName } from './services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Per service: `null` when it answered the probe at the start of the run, else why not. */
    trussServices: Record<ServiceName, ProbeResult>;
  }
}

/**
 * Why `name` is unavailable in this test run, or `null` when it is up. Reads the probe that the
 * run's global setup made (`@truss/testing/global-setup`); without that setup every service counts
 * as unavailable.
 */
export function serviceUnavailable(name: ServiceName): string | null {
  let probed: Record<ServiceName, ProbeResult> | undefined;
  try {
    probed = inject('trussServices');
  } catch {
    probed = undefined;
  }
  if (!probed) return 'not probed (run through the workspace vitest config)';
  return probed[name] ?? null;
}

/**
 * `describe` for a suite that needs real services: skipped, with the reason in its name, when one
 * is down. (Under `CI=true` the global setup fails the run instead, so CI never skips.)
 *
 * @example
 * ```ts
 * describeWithServices(['postgres'], 'user repository on PostgreSQL', () => { … });
 * ```
 */
export function describeWithServices(needs: readonly ServiceName[], name: string, body: () => void): void {
  const missing = needs.map((n) => [n, serviceUnavailable(n)] as const).filter(([, why]) => why !== null);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const why = missing.map(([n, reason]) => `${n}: ${reason}`).join('; ');
  describe.skip(`${name} [skipped — service unavailable: ${why}]`, body);
}

export { SERVICES };
