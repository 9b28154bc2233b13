import { parseInput } from '@truss/core';
import { z } from 'zod';
import { toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';

/**
 * What {@link purgeExpired} deletes.
 *
 * @example
 * ```ts
 * const options: PurgeOptions = { now: new Date(), auditRetentionDays: 365 };
 * ```
 */
export interface PurgeOptions {
  /** The time of the purge. */
  now: Date;
  /** Audit rows older than this many days go (`AUDIT_RETENTION_DAYS`), 1–36 500. */
  auditRetentionDays: number;
  /**
   * Outbox rows published, and processed-event records made, more than this many days ago go,
   * 1–36 500. Default 30: far longer than any redelivery of an event takes.
   */
  eventRetentionDays?: number;
}

/**
 * How many rows {@link purgeExpired} deleted, per table.
 *
 * @example
 * ```ts
 * const { refreshTokens, auditLog, idempotencyKeys }: PurgeResult = await purgeExpired(database, options);
 * ```
 */
export interface PurgeResult {
  refreshTokens: number;
  auditLog: number;
  idempotencyKeys: number;
  /** Sessions past their absolute lifetime (`SESSION_MAX_AGE`): none of their tokens is accepted. */
  sessions: number;
  /** Password-reset tokens past their 30 minutes, used or not. */
  passwordResets: number;
  /** Outbox rows published more than `eventRetentionDays` ago. */
  publishedEvents: number;
  /** Consumers' processed-event records older than `eventRetentionDays`. */
  processedEvents: number;
}

const optionsSchema = z.strictObject({
  now: z.date(),
  auditRetentionDays: z.number().int().min(1).max(36_500),
  eventRetentionDays: z.number().int().min(1).max(36_500).default(30),
});

const DAY_MS = 86_400_000;

/**
 * The retention job's work: deletes refresh tokens past their expiry (a refresh token is refused
 * after it anyway), audit rows older than `auditRetentionDays`, idempotency keys past their 24
 * hours, sessions past their absolute lifetime, password-reset tokens past their expiry, and
 * published outbox rows and processed-event records older than `eventRetentionDays`. Each table is one `DELETE … WHERE <time> < cutoff`: running it on several instances at
 * once deletes each row once and leaves nothing half done.
 *
 * @example
 * ```ts
 * const purged = await purgeExpired(database, { now: new Date(), auditRetentionDays: 365 });
 * ```
 */
export async function purgeExpired(source: RepositorySource, options: PurgeOptions): Promise<PurgeResult> {
  const { now, auditRetentionDays, eventRetentionDays } = parseInput(optionsSchema, options, 'purge options');
  const eventCutoff = new Date(now.getTime() - eventRetentionDays * DAY_MS);
  const { dialect, db } = executorOf(source);
  const at = (value: Date) => toDbDate(dialect, value);
  const deleted = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);
  const refreshTokens = await withDatabaseErrors(() =>
    db.deleteFrom('refresh_tokens').where('expires_at', '<', at(now)).executeTakeFirst(),
  );
  const auditLog = await withDatabaseErrors(() =>
    db
      .deleteFrom('audit_log')
      .where('created_at', '<', at(new Date(now.getTime() - auditRetentionDays * DAY_MS)))
      .executeTakeFirst(),
  );
  const idempotencyKeys = await withDatabaseErrors(() =>
    db.deleteFrom('idempotency_keys').where('expires_at', '<=', at(now)).executeTakeFirst(),
  );
  const sessions = await withDatabaseErrors(() =>
    db.deleteFrom('sessions').where('expires_at', '<', at(now)).executeTakeFirst(),
  );
  const passwordResets = await withDatabaseErrors(() =>
    db.deleteFrom('password_resets').where('expires_at', '<', at(now)).executeTakeFirst(),
  );
  const publishedEvents = await withDatabaseErrors(() =>
    db.deleteFrom('outbox').where('published_at', '<', at(eventCutoff)).executeTakeFirst(),
  );
  const processedEvents = await withDatabaseErrors(() =>
    db.deleteFrom('processed_events').where('processed_at', '<', at(eventCutoff)).executeTakeFirst(),
  );
  return {
    publishedEvents: deleted(publishedEvents),
    processedEvents: deleted(processedEvents),
    sessions: deleted(sessions),
    passwordResets: deleted(passwordResets),
    refreshTokens: deleted(refreshTokens),
    auditLog: deleted(auditLog),
    idempotencyKeys: deleted(idempotencyKeys),
  };
}
