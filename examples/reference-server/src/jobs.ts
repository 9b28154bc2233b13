import type { Logger } from '@truss/core';

/**
 * A background job: `run` does one pass (and is safe to run on several instances at once).
 *
 * @example
 * ```ts
 * const job: Job = { name: 'expire-orders', run: () => expirePendingOrders(deps) };
 * ```
 */
export interface Job {
  name: string;
  run(): Promise<unknown>;
}

/**
 * The jobs {@link startJobs} runs; `stop` ends them cleanly.
 *
 * @example
 * ```ts
 * await jobs.stop(); // waits for a pass in progress, starts no other
 * ```
 */
export interface RunningJobs {
  /** Starts no new pass and waits for the ones in progress. */
  stop(): Promise<void>;
}

/**
 * Runs each job every `intervalMs` (the first pass one interval after the start), one pass of a job
 * at a time; a failing pass is logged and the next one runs as planned. The timers do not keep the
 * process alive.
 *
 * @example
 * ```ts
 * const jobs = startJobs([{ name: 'retention', run: () => purgeExpired(database, options) }], { intervalMs: 60_000, logger });
 * process.on('SIGTERM', () => jobs.stop());
 * ```
 */
export function startJobs(
  jobs: readonly Job[],
  options: { intervalMs: number; logger: Logger },
): RunningJobs {
  let stopped = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const running = new Set<Promise<void>>();

  function schedule(job: Job): void {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const pass = job
        .run()
        .then((result) => options.logger.debug({ job: job.name, result }, 'job done'))
        .catch((error: unknown) => options.logger.warn({ job: job.name, err: error }, 'job failed'))
        .finally(() => {
          running.delete(pass);
          schedule(job);
        });
      running.add(pass);
    }, options.intervalMs);
    timer.unref?.();
    timers.add(timer);
  }

  for (const job of jobs) schedule(job);
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...running]);
    },
  };
}
