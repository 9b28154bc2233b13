import {
  type PasswordResetRecord,
  type PasswordResetRepository,
  type PasswordResetUse,
  parseInput,
} from '@truss/core';
import { z } from 'zod';
import { fromDbDate, toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';

const tokenHashSchema = z.string().min(1).max(128);

const recordSchema = z.strictObject({
  id: z.uuid().toLowerCase(),
  userId: z.uuid().toLowerCase(),
  tokenHash: tokenHashSchema,
  createdAt: z.date(),
  expiresAt: z.date(),
  usedAt: z.date().nullable(),
});

/**
 * The {@link PasswordResetRepository} of `@truss/core` on kysely. `use` is one conditional
 * `UPDATE … WHERE used_at IS NULL AND expires_at > now`, so of concurrent uses of one token exactly
 * one succeeds, on every database; it then uses up the user's other tokens.
 *
 * @example
 * ```ts
 * const resets = createPasswordResetRepository(database.executor);
 * const result = await resets.use(hashRefreshToken(token), new Date());
 * ```
 */
export function createPasswordResetRepository(source: RepositorySource): PasswordResetRepository {
  const { dialect, db } = executorOf(source);
  const date = (value: Date) => toDbDate(dialect, value);

  async function find(tokenHash: string, at: Date): Promise<PasswordResetUse> {
    const now = parseInput(z.date(), at, 'time');
    if (!tokenHashSchema.safeParse(tokenHash).success) return { status: 'invalid' };
    const row = await withDatabaseErrors(() =>
      db
        .selectFrom('password_resets')
        .select(['user_id', 'expires_at', 'used_at'])
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst(),
    );
    if (!row || row.used_at !== null) return { status: 'invalid' };
    if (fromDbDate(row.expires_at).getTime() <= now.getTime()) return { status: 'expired' };
    return { status: 'valid', userId: row.user_id };
  }

  return {
    async create(input: PasswordResetRecord) {
      const record = parseInput(recordSchema, input, 'password reset');
      await withDatabaseErrors(
        () =>
          db
            .insertInto('password_resets')
            .values({
              id: record.id,
              user_id: record.userId,
              token_hash: record.tokenHash,
              created_at: date(record.createdAt),
              expires_at: date(record.expiresAt),
              used_at: record.usedAt && date(record.usedAt),
            })
            .execute(),
        {
          conflict: 'A password reset with this id or hash already exists',
          missingReference: 'User not found',
        },
      );
    },

    find,

    async use(tokenHash: string, at: Date) {
      const found = await find(tokenHash, at);
      if (found.status !== 'valid') return found;
      const when = date(at);
      const used = await withDatabaseErrors(() =>
        db
          .updateTable('password_resets')
          .set({ used_at: when })
          .where('token_hash', '=', tokenHash)
          .where('used_at', 'is', null)
          .where('expires_at', '>', when)
          .executeTakeFirst(),
      );
      if (used.numUpdatedRows !== 1n) return { status: 'invalid' };
      await withDatabaseErrors(() =>
        db
          .updateTable('password_resets')
          .set({ used_at: when })
          .where('user_id', '=', found.userId)
          .where('used_at', 'is', null)
          .execute(),
      );
      return found;
    },
  };
}
