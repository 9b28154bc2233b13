import { type TransactionRepositories, TrussError, type UnitOfWork } from '@truss/core';
import type { z } from 'zod';
import type { DeliveredEvent } from './types.js';

/**
 * Runs `effect` for `event` at most once per `consumer` that commits: one transaction records
 * `(consumer, event.id)` first, then runs the effect; when the record already exists (a
 * redelivery), nothing runs and the answer is `false`. When `effect` throws, the record rolls back
 * with it and the event is delivered again. A concurrent delivery of the same event waits on the
 * record's primary key and then skips.
 *
 * An effect outside the database (a mail) runs inside the transaction, before the commit: a crash
 * after sending and before the commit sends it again on redelivery (at least once, never lost).
 *
 * @example
 * ```ts
 * await applyOnce(unitOfWork, 'analytics', event, (repos) => repos.salesAnalytics.recordSale(day, total));
 * ```
 */
export function applyOnce(
  unitOfWork: UnitOfWork,
  consumer: string,
  event: DeliveredEvent,
  effect: (repositories: TransactionRepositories) => Promise<void>,
): Promise<boolean> {
  return unitOfWork.run(async (repositories) => {
    if (!(await repositories.processedEvents.markProcessed(consumer, event.id))) return false;
    await effect(repositories);
    return true;
  });
}

/**
 * The payload of `event`, checked against `schema` (unknown fields are dropped). A payload that does
 * not fit throws a `validation_error`: the bus retries it and dead-letters it after its retries.
 *
 * @example
 * ```ts
 * const { id } = payloadOf(event, z.object({ id: z.uuid() }));
 * ```
 */
export function payloadOf<S extends z.ZodType>(event: DeliveredEvent, schema: S): z.output<S> {
  const result = schema.safeParse(event.payload);
  if (result.success) return result.data;
  throw new TrussError('validation_error', `Malformed ${event.topic} event ${event.id}`);
}
