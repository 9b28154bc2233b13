import { parseInput, type RefreshTokenRecord, type SessionRecord } from '@truss/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { fromDbDate, fromDbDateOrNull, isUuid, toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import type { Executor } from '../executor/executor.js';
import type { SessionsTable } from '../schema.js';

const sessionSchema = z.strictObject({
  id: z.uuid().toLowerCase(),
  userId: z.uuid().toLowerCase(),
  createdAt: z.date(),
  expiresAt: z.date(),
  authenticatedAt: z.date(),
  revokedAt: z.date().nullable(),
});

const atSchema = z.date();

function toSession(row: Selectable<SessionsTable>): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: fromDbDate(row.created_at),
    expiresAt: fromDbDate(row.expires_at),
    authenticatedAt: fromDbDate(row.authenticated_at),
    revokedAt: fromDbDateOrNull(row.revoked_at),
  };
}

/**
 * The session half of the refresh-token repository: `sessions` rows, and the insert of a token
 * that holds a lock on its open session (`FOR UPDATE` on PostgreSQL and MySQL; SQLite's single
 * writer serializes the transaction), so a revocation and a rotation never interleave.
 */
export function createSessionStore(
  executor: Executor,
  insertToken: (executor: Executor, record: RefreshTokenRecord) => Promise<void>,
) {
  const { dialect, db } = executor;
  const date = (value: Date) => toDbDate(dialect, value);

  return {
    async openSession(input: SessionRecord) {
      const session = parseInput(sessionSchema, input, 'session');
      await withDatabaseErrors(
        () =>
          db
            .insertInto('sessions')
            .values({
              id: session.id,
              user_id: session.userId,
              created_at: date(session.createdAt),
              expires_at: date(session.expiresAt),
              authenticated_at: date(session.authenticatedAt),
              revoked_at: session.revokedAt && date(session.revokedAt),
            })
            .execute(),
        { conflict: 'A session with this id already exists', missingReference: 'User not found' },
      );
    },

    async findSession(id: string) {
      if (!isUuid(id)) return null;
      const row = await withDatabaseErrors(() =>
        db.selectFrom('sessions').selectAll().where('id', '=', id.toLowerCase()).executeTakeFirst(),
      );
      return row ? toSession(row) : null;
    },

    async createInSession(record: RefreshTokenRecord, at: Date) {
      const when = date(parseInput(atSchema, at, 'time'));
      if (!isUuid(record.familyId)) return false;
      return executor.transaction(async (trx) => {
        let open = trx.db
          .selectFrom('sessions')
          .select('id')
          .where('id', '=', record.familyId.toLowerCase())
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', when);
        if (dialect !== 'sqlite') open = open.forUpdate();
        if (!(await withDatabaseErrors(() => open.executeTakeFirst()))) return false;
        await insertToken(trx, record);
        return true;
      });
    },

    async markAuthenticated(sessionId: string, at: Date) {
      const when = date(parseInput(atSchema, at, 'time'));
      if (!isUuid(sessionId)) return false;
      const result = await withDatabaseErrors(() =>
        db
          .updateTable('sessions')
          .set({ authenticated_at: when })
          .where('id', '=', sessionId.toLowerCase())
          .where('revoked_at', 'is', null)
          .executeTakeFirst(),
      );
      return result.numUpdatedRows === 1n;
    },

    /** Revokes sessions (`column` = id or user id) before their tokens: a rotation in flight then finds them revoked. */
    async revokeSessions(column: 'id' | 'user_id', id: string, at: Date) {
      await withDatabaseErrors(() =>
        db
          .updateTable('sessions')
          .set({ revoked_at: date(at) })
          .where(column, '=', id.toLowerCase())
          .where('revoked_at', 'is', null)
          .execute(),
      );
    },

    async revokeOtherSessions(userId: string, exceptSessionId: string | undefined, at: Date) {
      const when = date(parseInput(atSchema, at, 'time'));
      if (!isUuid(userId)) return [];
      const keep = exceptSessionId && isUuid(exceptSessionId) ? exceptSessionId.toLowerCase() : undefined;
      return executor.transaction(async (trx) => {
        let open = trx.db
          .selectFrom('sessions')
          .select('id')
          .where('user_id', '=', userId.toLowerCase())
          .where('revoked_at', 'is', null);
        if (keep) open = open.where('id', '<>', keep);
        const ids = (await withDatabaseErrors(() => open.execute())).map((row) => row.id);
        if (ids.length === 0) return [];
        await withDatabaseErrors(() =>
          trx.db
            .updateTable('sessions')
            .set({ revoked_at: when })
            .where('id', 'in', ids)
            .where('revoked_at', 'is', null)
            .execute(),
        );
        await withDatabaseErrors(() =>
          trx.db
            .updateTable('refresh_tokens')
            .set({ revoked_at: when })
            .where('family_id', 'in', ids)
            .where('revoked_at', 'is', null)
            .execute(),
        );
        return ids;
      });
    },
  };
}
