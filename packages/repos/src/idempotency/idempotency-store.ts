import { type IdempotencyBegin, type IdempotencyStore, parseInput, type StoredAnswer } from '@truss/core';
import { z } from 'zod';
import { toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';

const entrySchema = z.object({
  scope: z.string().min(1).max(64),
  key: z.string().min(1).max(255),
  fingerprint: z.string().length(64),
  now: z.date(),
  lockedUntil: z.date(),
  expiresAt: z.date(),
});
const answerSchema = z.object({
  status: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.string()),
  body: z.unknown(),
});

const affected = (result: { numUpdatedRows?: bigint; numInsertedOrUpdatedRows?: bigint } | undefined) =>
  (result?.numUpdatedRows ?? result?.numInsertedOrUpdatedRows ?? 0n) > 0n;

/**
 * The {@link IdempotencyStore} of `@truss/core` on the `idempotency_keys` table, so every instance
 * of a server sees the same keys. `begin` inserts the key, doing nothing when it is taken
 * (`ON CONFLICT DO NOTHING`, MySQL's `INSERT IGNORE`), then takes over an expired key or a stale lock
 * with one conditional `UPDATE`: exactly one of several concurrent requests starts.
 *
 * @example
 * ```ts
 * const kernel = createKernel({ routes, afterAuthentication: [idempotency({ store: createIdempotencyStore(database.executor) })] });
 * ```
 */
export function createIdempotencyStore(source: RepositorySource): IdempotencyStore {
  const { dialect, db } = executorOf(source);
  const at = (value: Date) => toDbDate(dialect, value);

  return {
    async begin(given): Promise<IdempotencyBegin> {
      const entry = parseInput(entrySchema, given, 'idempotency key');
      const fresh = {
        fingerprint: entry.fingerprint,
        state: 'in_progress',
        status: null,
        response: null,
        locked_until: at(entry.lockedUntil),
        expires_at: at(entry.expiresAt),
      };
      const insert = db
        .insertInto('idempotency_keys')
        .values({ scope: entry.scope, idempotency_key: entry.key, ...fresh });
      const inserted = await withDatabaseErrors(() =>
        (dialect === 'mysql'
          ? insert.ignore()
          : insert.onConflict((oc) => oc.doNothing())
        ).executeTakeFirst(),
      );
      if (affected(inserted)) return { kind: 'started' };
      const now = at(entry.now);
      const taken = await withDatabaseErrors(() =>
        db
          .updateTable('idempotency_keys')
          .set(fresh)
          .where('scope', '=', entry.scope)
          .where('idempotency_key', '=', entry.key)
          .where((eb) =>
            eb.or([
              eb('expires_at', '<=', now),
              eb.and([eb('state', '=', 'in_progress'), eb('locked_until', '<=', now)]),
            ]),
          )
          .executeTakeFirst(),
      );
      if (affected(taken)) return { kind: 'started' };
      const row = await withDatabaseErrors(() =>
        db
          .selectFrom('idempotency_keys')
          .select(['fingerprint', 'state', 'status', 'response'])
          .where('scope', '=', entry.scope)
          .where('idempotency_key', '=', entry.key)
          .executeTakeFirst(),
      );
      // Released between the two statements: the caller may retry; say it is in progress.
      if (row?.state !== 'completed' || row.response === null) {
        return { kind: 'in_progress', fingerprint: row?.fingerprint ?? entry.fingerprint };
      }
      const stored = JSON.parse(row.response) as Omit<StoredAnswer, 'status'>;
      return {
        kind: 'completed',
        fingerprint: row.fingerprint,
        answer: { status: Number(row.status), headers: stored.headers, body: stored.body },
      };
    },

    async complete(scope, key, answer) {
      const { status, headers, body } = parseInput(answerSchema, answer, 'idempotent answer');
      await withDatabaseErrors(() =>
        db
          .updateTable('idempotency_keys')
          .set({ state: 'completed', status, response: JSON.stringify({ headers, body }) })
          .where('scope', '=', scope)
          .where('idempotency_key', '=', key)
          .execute(),
      );
    },

    async release(scope, key) {
      await withDatabaseErrors(() =>
        db
          .deleteFrom('idempotency_keys')
          .where('scope', '=', scope)
          .where('idempotency_key', '=', key)
          .where('state', '=', 'in_progress')
          .execute(),
      );
    },

    async purgeExpired(now) {
      const result = await withDatabaseErrors(() =>
        db.deleteFrom('idempotency_keys').where('expires_at', '<=', at(now)).executeTakeFirst(),
      );
      return Number(result.numDeletedRows ?? 0n);
    },
  };
}
