import {
  type Clock,
  type NewOutboxMessage,
  type OutboxMessage,
  type OutboxRepository,
  parseInput,
  systemClock,
  TrussError,
} from '@truss/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { fromDbDate, fromDbDateOrNull, isUuid, toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import { fromJsonText, toJsonText } from '../json.js';
import type { OutboxTable } from '../schema.js';

/**
 * Options of {@link createOutboxRepository}.
 *
 * @example
 * ```ts
 * createOutboxRepository(database.executor, { clock: systemClock });
 * ```
 */
export interface OutboxRepositoryOptions {
  /** Source of `createdAt` when a message has none. Default: the system clock. */
  clock?: Clock;
}

const newMessageSchema = z.strictObject({
  id: z.uuid().toLowerCase(),
  topic: z.string().min(1).max(200),
  payload: z.unknown(),
  createdAt: z.date().optional(),
});
const limitSchema = z.number().int().min(1).max(1000);
const leaseSchema = z.number().int().min(1).max(3_600_000);
const idsSchema = z.array(z.uuid().toLowerCase()).max(1000);

/**
 * The {@link OutboxRepository} of `@truss/core` on kysely. Append inside a unit of work, so that
 * an event is stored if and only if the change it describes commits. Reads always use the primary:
 * a relay must not miss a message that a lagging replica has not seen yet.
 *
 * @example
 * ```ts
 * await unitOfWork.run(async ({ orders, outbox }) => {
 *   const order = await orders.create(newOrder);
 *   await outbox.append({ id: crypto.randomUUID(), topic: 'order.created', payload: { orderId: order.id } });
 * });
 * ```
 */
export function createOutboxRepository(
  source: RepositorySource,
  options: OutboxRepositoryOptions = {},
): OutboxRepository {
  const executor = executorOf(source);
  const { dialect, db } = executor;
  const clock = options.clock ?? systemClock;
  const toMessage = (row: Selectable<OutboxTable>): OutboxMessage => ({
    id: row.id,
    topic: row.topic,
    payload: fromJsonText(row.payload),
    createdAt: fromDbDate(row.created_at),
    publishedAt: fromDbDateOrNull(row.published_at),
    attempts: Number(row.attempts),
  });

  return {
    async append(input: NewOutboxMessage) {
      const data = parseInput(newMessageSchema, input, 'outbox message');
      const payload = toJsonText(data.payload, 'outbox payload');
      const createdAt = data.createdAt ?? clock.now();
      await withDatabaseErrors(
        () =>
          db
            .insertInto('outbox')
            .values({
              id: data.id,
              topic: data.topic,
              payload,
              created_at: toDbDate(dialect, createdAt),
              attempts: 0,
            })
            .execute(),
        { conflict: 'An outbox message with this id already exists' },
      );
      return {
        id: data.id,
        topic: data.topic,
        payload: fromJsonText(payload),
        createdAt,
        publishedAt: null,
        attempts: 0,
      };
    },

    async listPending(limit: number) {
      const n = parseInput(limitSchema, limit, 'limit');
      const rows = await withDatabaseErrors(() =>
        db
          .selectFrom('outbox')
          .selectAll()
          .where('published_at', 'is', null)
          .orderBy('created_at')
          .orderBy('id')
          .limit(n)
          .execute(),
      );
      return rows.map(toMessage);
    },

    async claim(limit: number, leaseMs: number) {
      const n = parseInput(limitSchema, limit, 'limit');
      const lease = parseInput(leaseSchema, leaseMs, 'lease');
      return withDatabaseErrors(() =>
        executor.transaction(async (tx) => {
          const now = clock.now();
          let query = tx.db
            .selectFrom('outbox')
            .selectAll()
            .where('published_at', 'is', null)
            .where((eb) =>
              eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', toDbDate(dialect, now))]),
            )
            .orderBy('created_at')
            .orderBy('id')
            .limit(n);
          // SQLite has one writer at a time: its transaction alone keeps two claims apart.
          if (dialect !== 'sqlite') query = query.forUpdate().skipLocked();
          const rows = await query.execute();
          if (rows.length === 0) return [];
          await tx.db
            .updateTable('outbox')
            .set({ claimed_until: toDbDate(dialect, new Date(now.getTime() + lease)) })
            .where(
              'id',
              'in',
              rows.map((row) => row.id),
            )
            .execute();
          return rows.map(toMessage);
        }),
      );
    },

    async markPublished(ids: readonly string[], at: Date) {
      const keys = parseInput(idsSchema, ids, 'message ids');
      const when = parseInput(z.date(), at, 'publication time');
      if (keys.length === 0) return 0;
      const result = await withDatabaseErrors(() =>
        db
          .updateTable('outbox')
          .set({ published_at: toDbDate(dialect, when) })
          .where('id', 'in', keys)
          .where('published_at', 'is', null)
          .executeTakeFirst(),
      );
      return Number(result.numUpdatedRows);
    },

    async recordFailure(id: string) {
      if (!isUuid(id)) throw new TrussError('not_found', 'Outbox message not found');
      const result = await withDatabaseErrors(() =>
        db
          .updateTable('outbox')
          .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
          .where('id', '=', id.toLowerCase())
          .executeTakeFirst(),
      );
      if (result.numUpdatedRows === 0n) throw new TrussError('not_found', 'Outbox message not found');
    },
  };
}
