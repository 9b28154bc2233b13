import { type MfaFactor, type MfaRepository, parseInput, TrussError } from '@truss/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { fromDbDate, fromDbDateOrNull, isUuid, toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import type { MfaFactorsTable } from '../schema.js';

const sealedSecretSchema = z.string().min(1).max(512);
const codeHashSchema = z.string().min(1).max(128);
const stepSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

function toFactor(row: Selectable<MfaFactorsTable>): MfaFactor {
  return {
    userId: row.user_id,
    sealedSecret: row.sealed_secret,
    confirmedAt: fromDbDateOrNull(row.confirmed_at),
    lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
    createdAt: fromDbDate(row.created_at),
  };
}

const updated = (result: { numUpdatedRows: bigint } | undefined) => (result?.numUpdatedRows ?? 0n) > 0n;

/**
 * The {@link MfaRepository} of `@truss/core` on kysely. `useStep` and `useRecoveryCode` are single
 * conditional `UPDATE`s, so a TOTP step or a recovery code is accepted once even when attempts race.
 *
 * @example
 * ```ts
 * const mfa = createMfaRepository(database.executor);
 * if (!(await mfa.useStep(userId, step))) throw new TrussError('invalid_credentials', 'Code already used');
 * ```
 */
export function createMfaRepository(source: RepositorySource): MfaRepository {
  const { dialect, db } = executorOf(source);
  const at = (value: Date) => toDbDate(dialect, parseInput(z.date(), value, 'time'));
  const user = (id: string) => (isUuid(id) ? id.toLowerCase() : null);

  async function findFactor(userId: string): Promise<MfaFactor | null> {
    const id = user(userId);
    if (!id) return null;
    const row = await withDatabaseErrors(() =>
      db.selectFrom('mfa_factors').selectAll().where('user_id', '=', id).executeTakeFirst(),
    );
    return row ? toFactor(row) : null;
  }

  return {
    findFactor,

    async savePendingFactor(userId, sealedSecret, when) {
      const id = user(userId);
      if (!id) throw new TrussError('not_found', 'User not found');
      const secret = parseInput(sealedSecretSchema, sealedSecret, 'sealed secret');
      const createdAt = at(when);
      for (let attempt = 0; attempt < 2; attempt++) {
        await withDatabaseErrors(() =>
          db.deleteFrom('mfa_factors').where('user_id', '=', id).where('confirmed_at', 'is', null).execute(),
        );
        try {
          await withDatabaseErrors(() =>
            db
              .insertInto('mfa_factors')
              .values({
                user_id: id,
                sealed_secret: secret,
                confirmed_at: null,
                last_used_step: null,
                created_at: createdAt,
              })
              .execute(),
          );
          return true;
        } catch (error) {
          if (!(error instanceof TrussError) || error.code !== 'conflict') throw error;
          if ((await findFactor(id))?.confirmedAt) return false;
        }
      }
      return false;
    },

    async confirmFactor(userId, when) {
      const id = user(userId);
      if (!id) return false;
      const result = await withDatabaseErrors(() =>
        db
          .updateTable('mfa_factors')
          .set({ confirmed_at: at(when) })
          .where('user_id', '=', id)
          .where('confirmed_at', 'is', null)
          .executeTakeFirst(),
      );
      return updated(result);
    },

    async removeFactor(userId) {
      const id = user(userId);
      if (!id) return;
      await withDatabaseErrors(() => db.deleteFrom('mfa_recovery_codes').where('user_id', '=', id).execute());
      await withDatabaseErrors(() => db.deleteFrom('mfa_factors').where('user_id', '=', id).execute());
    },

    async useStep(userId, step) {
      const id = user(userId);
      const value = parseInput(stepSchema, step, 'TOTP step');
      if (!id) return false;
      const result = await withDatabaseErrors(() =>
        db
          .updateTable('mfa_factors')
          .set({ last_used_step: value })
          .where('user_id', '=', id)
          .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', value)]))
          .executeTakeFirst(),
      );
      return updated(result);
    },

    async replaceRecoveryCodes(userId, codeHashes, when) {
      const id = user(userId);
      if (!id) throw new TrussError('not_found', 'User not found');
      const hashes = parseInput(z.array(codeHashSchema).max(100), codeHashes, 'recovery code hashes');
      const createdAt = at(when);
      await withDatabaseErrors(() => db.deleteFrom('mfa_recovery_codes').where('user_id', '=', id).execute());
      if (hashes.length === 0) return;
      await withDatabaseErrors(() =>
        db
          .insertInto('mfa_recovery_codes')
          .values(
            hashes.map((code_hash) => ({
              id: globalThis.crypto.randomUUID(),
              user_id: id,
              code_hash,
              created_at: createdAt,
              used_at: null,
            })),
          )
          .execute(),
      );
    },

    async useRecoveryCode(userId, codeHash, when) {
      const id = user(userId);
      const hash = codeHashSchema.safeParse(codeHash);
      if (!id || !hash.success) return false;
      const result = await withDatabaseErrors(() =>
        db
          .updateTable('mfa_recovery_codes')
          .set({ used_at: at(when) })
          .where('user_id', '=', id)
          .where('code_hash', '=', hash.data)
          .where('used_at', 'is', null)
          .executeTakeFirst(),
      );
      return updated(result);
    },

    async countRecoveryCodes(userId) {
      const id = user(userId);
      if (!id) return 0;
      const row = await withDatabaseErrors(() =>
        db
          .selectFrom('mfa_recovery_codes')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('user_id', '=', id)
          .where('used_at', 'is', null)
          .executeTakeFirstOrThrow(),
      );
      return Number(row.n);
    },
  };
}
