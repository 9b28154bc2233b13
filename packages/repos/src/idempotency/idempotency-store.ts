import {
  type FieldCipher,
  type IdempotencyBegin,
  type IdempotencyStore,
  parseInput,
  type StoredAnswer,
} from '@truss/core';
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
 * Options of {@link createIdempotencyStore}.
 *
 * @example
 * ```ts
 * const options: IdempotencyStoreOptions = { cipher: createFieldCipher(keys) };
 * ```
 */
export interface IdempotencyStoreOptions {
  /**
   * Seals each stored answer (AES-256-GCM, bound to its scope and key): an answer can carry personal
   * data (a registration answers the new user's email and names) and is kept for a day. The
   * re-encryption command does not reseal answers: keep a removed key in the ring for a day.
   */
  cipher?: FieldCipher | undefined;
}

/**
 * The {@link IdempotencyStore} of `@truss/core` on the `idempotency_keys` table, so every instance
 * of a server sees the same keys. `begin` inserts the key, doing nothing when it is taken
 * (`ON CONFLICT DO NOTHING`, MySQL's `INSERT IGNORE`), then takes over an expired key or a stale lock
 * with one conditional `UPDATE`: exactly one of several concurrent requests starts.
 *
 * @example
 * ```ts
 * const store = createIdempotencyStore(database.executor, { cipher });
 * const kernel = createKernel({ routes, afterAuthentication: [idempotency({ store })] });
 * ```
 */
export function createIdempotencyStore(
  source: RepositorySource,
  options: IdempotencyStoreOptions = {},
): IdempotencyStore {
  const { dialect, db } = executorOf(source);
  const at = (value: Date) => toDbDate(dialect, value);
  const { cipher } = options;
  const context = (scope: string, key: string) => `idempotency_keys.response:${scope}:${key}`;
  const toStored = (scope: string, key: string, json: string) =>
    cipher ? cipher.seal(json, context(scope, key)) : json;
  // A value that is not JSON is sealed (answers stored before a cipher was given stay readable).
  const fromStored = (scope: string, key: string, text: string) =>
    cipher && !text.startsWith('{') ? cipher.open(text, context(scope, key)) : text;

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
      const stored = JSON.parse(fromStored(entry.scope, entry.key, row.response)) as Omit<
        StoredAnswer,
        'status'
      >;
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
          .set({
            state: 'completed',
            status,
            response: toStored(scope, key, JSON.stringify({ headers, body })),
          })
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
