import { parseInput, type RefreshTokenRecord, type RefreshTokenRepository } from '@truss/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { fromDbDate, fromDbDateOrNull, isUuid, toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import type { Executor } from '../executor/executor.js';
import { findOne } from '../executor/find-one.js';
import { prepareQuery } from '../executor/prepared-query.js';
import type { RefreshTokensTable } from '../schema.js';
import { createSessionStore } from './session-store.js';

const tokenHashSchema = z.string().min(1).max(128);

const recordSchema = z.strictObject({
  id: z.uuid().toLowerCase(),
  familyId: z.uuid().toLowerCase(),
  userId: z.uuid().toLowerCase(),
  tokenHash: tokenHashSchema,
  createdAt: z.date(),
  expiresAt: z.date(),
  usedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

const atSchema = z.date();

async function insertToken({ dialect, db }: Executor, record: RefreshTokenRecord): Promise<void> {
  await withDatabaseErrors(
    () =>
      db
        .insertInto('refresh_tokens')
        .values({
          id: record.id,
          family_id: record.familyId,
          user_id: record.userId,
          token_hash: record.tokenHash,
          created_at: toDbDate(dialect, record.createdAt),
          expires_at: toDbDate(dialect, record.expiresAt),
          used_at: record.usedAt && toDbDate(dialect, record.usedAt),
          revoked_at: record.revokedAt && toDbDate(dialect, record.revokedAt),
        })
        .execute(),
    {
      conflict: 'A refresh token with this id or hash already exists',
      missingReference: 'User not found',
    },
  );
}

function toRecord(row: Selectable<RefreshTokensTable>): RefreshTokenRecord {
  return {
    id: row.id,
    familyId: row.family_id,
    userId: row.user_id,
    tokenHash: row.token_hash,
    createdAt: fromDbDate(row.created_at),
    expiresAt: fromDbDate(row.expires_at),
    usedAt: fromDbDateOrNull(row.used_at),
    revokedAt: fromDbDateOrNull(row.revoked_at),
  };
}

/**
 * The {@link RefreshTokenRepository} of `@truss/core` on kysely. `markUsed` is one conditional
 * `UPDATE … WHERE used_at IS NULL`, so of any number of concurrent calls exactly one wins, on every
 * database. A token for an unknown user is a `not_found` `TrussError`, a duplicate hash a `conflict`.
 *
 * @example
 * ```ts
 * const tokens = createRefreshTokenRepository(database.executor);
 * if (!(await tokens.markUsed(record.id, new Date()))) await tokens.revokeFamily(record.familyId, new Date());
 * ```
 */
export function createRefreshTokenRepository(source: RepositorySource): RefreshTokenRepository {
  const executor = executorOf(source);
  const { dialect, db } = executor;
  const sessions = createSessionStore(executor, insertToken);
  const byHash = prepareQuery((k) => k.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', ''));
  const revoke = async (column: 'family_id' | 'user_id', id: string, at: Date) => {
    const when = parseInput(atSchema, at, 'revocation time');
    if (!isUuid(id)) return 0;
    await sessions.revokeSessions(column === 'family_id' ? 'id' : 'user_id', id, when);
    const result = await withDatabaseErrors(() =>
      db
        .updateTable('refresh_tokens')
        .set({ revoked_at: toDbDate(dialect, when) })
        .where(column, '=', id.toLowerCase())
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows);
  };

  return {
    async create(input: RefreshTokenRecord) {
      await insertToken(executor, parseInput(recordSchema, input, 'refresh token'));
    },

    async createInSession(input: RefreshTokenRecord, at: Date) {
      return sessions.createInSession(parseInput(recordSchema, input, 'refresh token'), at);
    },

    openSession: sessions.openSession,
    findSession: sessions.findSession,
    markAuthenticated: sessions.markAuthenticated,
    revokeOtherSessions: sessions.revokeOtherSessions,

    async findByHash(tokenHash: string) {
      if (!tokenHashSchema.safeParse(tokenHash).success) return null;
      return findOne(executor, byHash, [tokenHash], toRecord);
    },

    async markUsed(id: string, at: Date) {
      const when = parseInput(atSchema, at, 'use time');
      if (!isUuid(id)) return false;
      const result = await withDatabaseErrors(() =>
        db
          .updateTable('refresh_tokens')
          .set({ used_at: toDbDate(dialect, when) })
          .where('id', '=', id.toLowerCase())
          .where('used_at', 'is', null)
          .executeTakeFirst(),
      );
      return result.numUpdatedRows === 1n;
    },

    revokeFamily: (familyId: string, at: Date) => revoke('family_id', familyId, at),
    revokeAllForUser: (userId: string, at: Date) => revoke('user_id', userId, at),
  };
}
