import { type Clock, type ProcessedEventRepository, parseInput, systemClock } from '@truss/core';
import { z } from 'zod';
import { toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';

/**
 * Options of {@link createProcessedEventRepository}.
 *
 * @example
 * ```ts
 * createProcessedEventRepository(database.executor, { clock: systemClock });
 * ```
 */
export interface ProcessedEventRepositoryOptions {
  /** Source of `processed_at`. Default: the system clock. */
  clock?: Clock;
}

const consumerSchema = z.string().min(1).max(100);
const eventIdSchema = z.string().min(1).max(100);

/**
 * The {@link ProcessedEventRepository} of `@truss/core` on kysely. `markProcessed` is one
 * `INSERT … ON CONFLICT DO NOTHING` (`INSERT IGNORE` on MySQL/MariaDB): it never fails the
 * transaction it runs in on a duplicate, and the primary key makes a concurrent duplicate wait for
 * the first transaction's outcome. Use it inside a unit of work, beside the consumer's effect.
 *
 * @example
 * ```ts
 * await unitOfWork.run(async ({ processedEvents, salesAnalytics }) => {
 *   if (!(await processedEvents.markProcessed('analytics', event.id))) return;
 *   await salesAnalytics.recordSale(day, total);
 * });
 * ```
 */
export function createProcessedEventRepository(
  source: RepositorySource,
  options: ProcessedEventRepositoryOptions = {},
): ProcessedEventRepository {
  const { dialect, db } = executorOf(source);
  const clock = options.clock ?? systemClock;
  const keys = (consumer: string, eventId: string) => ({
    consumer: parseInput(consumerSchema, consumer, 'consumer name'),
    event_id: parseInput(eventIdSchema, eventId, 'event id'),
  });
  return {
    async markProcessed(consumer, eventId) {
      const row = { ...keys(consumer, eventId), processed_at: toDbDate(dialect, clock.now()) };
      const insert = db.insertInto('processed_events').values(row);
      const result = await withDatabaseErrors(() =>
        (dialect === 'mysql'
          ? insert.ignore()
          : insert.onConflict((oc) => oc.columns(['consumer', 'event_id']).doNothing())
        ).executeTakeFirst(),
      );
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    async isProcessed(consumer, eventId) {
      const key = keys(consumer, eventId);
      const row = await withDatabaseErrors(() =>
        db
          .selectFrom('processed_events')
          .select('event_id')
          .where('consumer', '=', key.consumer)
          .where('event_id', '=', key.event_id)
          .executeTakeFirst(),
      );
      return row !== undefined;
    },
  };
}
