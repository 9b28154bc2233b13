import {
  type AuditEntry,
  type AuditLogQuery,
  type AuditLogRepository,
  type Clock,
  type NewAuditEntry,
  parseInput,
  systemClock,
} from '@truss/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { fromDbDate, isUuid, toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import { fromJsonText, toJsonText } from '../json.js';
import { keysetPage, pageRequestShape } from '../pagination/keyset-page.js';
import { type ReadOptions, readerOf } from '../reader.js';
import type { AuditLogTable } from '../schema.js';

/**
 * Options of {@link createAuditLogRepository}.
 *
 * @example
 * ```ts
 * createAuditLogRepository(database.executor, { reader: database.readExecutor });
 * ```
 */
export interface AuditLogRepositoryOptions extends ReadOptions {
  /** Source of `createdAt` when an entry has none. Default: the system clock. */
  clock?: Clock;
}

const newEntrySchema = z.strictObject({
  id: z.uuid().toLowerCase(),
  actorId: z.uuid().toLowerCase().nullable(),
  action: z.string().min(1).max(100),
  targetType: z.string().min(1).max(50).nullable(),
  targetId: z.string().min(1).max(100).nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().min(1).max(45).nullable(),
  createdAt: z.date().optional(),
});
const listSchema = z.strictObject({
  ...pageRequestShape,
  actorId: z.string().optional(),
  action: z.string().max(100).optional(),
});

/**
 * The {@link AuditLogRepository} of `@truss/core` on kysely: append and list, newest first, by
 * actor or action. There is deliberately no way to change or delete an entry.
 *
 * @example
 * ```ts
 * const audit = createAuditLogRepository(database.executor);
 * await audit.record({ id: crypto.randomUUID(), actorId: admin.id, action: 'user.role_changed', targetType: 'user', targetId: user.id, details: { to: 'manager' }, ip: null });
 * ```
 */
export function createAuditLogRepository(
  source: RepositorySource,
  options: AuditLogRepositoryOptions = {},
): AuditLogRepository {
  const executor = executorOf(source);
  const { dialect, db } = executor;
  const clock = options.clock ?? systemClock;
  const read = readerOf(executor, options);
  const toEntry = (row: Selectable<AuditLogTable>): AuditEntry => ({
    id: row.id,
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    details: row.details === null ? null : (fromJsonText(row.details) as Record<string, unknown>),
    ip: row.ip,
    createdAt: fromDbDate(row.created_at),
  });

  return {
    async record(input: NewAuditEntry) {
      const data = parseInput(newEntrySchema, input, 'audit entry');
      const details = data.details === null ? null : toJsonText(data.details, 'audit details');
      const createdAt = data.createdAt ?? clock.now();
      await withDatabaseErrors(
        () =>
          db
            .insertInto('audit_log')
            .values({
              id: data.id,
              actor_id: data.actorId,
              action: data.action,
              target_type: data.targetType,
              target_id: data.targetId,
              details,
              ip: data.ip,
              created_at: toDbDate(dialect, createdAt),
            })
            .execute(),
        { conflict: 'An audit entry with this id already exists' },
      );
      return {
        ...data,
        details: details === null ? null : (fromJsonText(details) as Record<string, unknown>),
        createdAt,
      };
    },

    async list(query: AuditLogQuery = {}) {
      const q = parseInput(listSchema, query, 'audit query');
      const page = keysetPage(dialect, q);
      if (q.actorId !== undefined && !isUuid(q.actorId)) return { items: [], nextCursor: null };
      return page.fetch(
        read()
          .db.selectFrom('audit_log')
          .selectAll()
          .$if(q.actorId !== undefined, (b) => b.where('actor_id', '=', (q.actorId ?? '').toLowerCase()))
          .$if(q.action !== undefined, (b) => b.where('action', '=', q.action ?? '')),
        (rows) => rows.map(toEntry),
      );
    },
  };
}
