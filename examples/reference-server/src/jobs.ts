import { expirePendingOrders, type Logger, type PaymentProvider, type UnitOfWork } from '@truss/core';
import { purgeExpired, type TrussDatabase } from '@truss/repos';
import type { Config } from './config.js';

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

/**
 * The reference server's jobs: `expire-unpaid-orders` (cancels the orders left unpaid past
 * `ORDER_PAYMENT_TIMEOUT`, asking the provider first) and `retention` (purges expired tokens,
 * sessions, idempotency answers, published events and audit entries past `AUDIT_RETENTION_DAYS`).
 */
export function maintenanceJobs(
  config: Config,
  deps: {
    unitOfWork: UnitOfWork;
    payments: PaymentProvider;
    database: TrussDatabase;
    paymentTimeoutMs?: number;
  },
): Job[] {
  const paymentWindowMs = config.ORDER_PAYMENT_TIMEOUT * 1000;
  const { paymentTimeoutMs } = deps;
  return [
    {
      name: 'expire-unpaid-orders',
      run: () =>
        expirePendingOrders({
          unitOfWork: deps.unitOfWork,
          payments: deps.payments,
          paymentWindowMs,
          ...(paymentTimeoutMs ? { paymentTimeoutMs } : {}),
        }),
    },
    {
      name: 'retention',
      run: () =>
        purgeExpired(deps.database.executor, {
          now: new Date(),
          auditRetentionDays: config.AUDIT_RETENTION_DAYS,
        }),
    },
  ];
}
