import { type FieldCipher, parseInput, TrussError } from '@truss/core';
import { z } from 'zod';
import type { TrussDatabase } from '../connect/create-database.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import { userPiiCodec } from './user-pii.js';

/**
 * Progress of {@link resealUsers}, after each batch.
 *
 * @example
 * ```ts
 * const onProgress = ({ resealed, total }: ResealProgress) => console.log(`${resealed}/${total}`);
 * ```
 */
export interface ResealProgress {
  /** Rows sealed again so far in this run. */
  resealed: number;
  /** Rows that needed it when the run started. */
  total: number;
}

/**
 * Options of {@link resealUsers}.
 *
 * @example
 * ```ts
 * await resealUsers(database, cipher, { scope: 'plaintext', batchSize: 200 } satisfies ResealOptions);
 * ```
 */
export interface ResealOptions {
  /**
   * `'all'` (default): every row not sealed under the current key (plaintext rows and rows of
   * older keys: a rotation). `'plaintext'`: only rows written before a key was configured.
   */
  scope?: 'all' | 'plaintext';
  /** Rows per batch, each batch one transaction (1–10,000, default 500). */
  batchSize?: number;
  /** Called after each batch. */
  onProgress?: (progress: ResealProgress) => void;
}

const optionsSchema = z.strictObject({
  scope: z.enum(['all', 'plaintext']).default('all'),
  batchSize: z.number().int().min(1).max(10_000).default(500),
  onProgress: z.custom<(progress: ResealProgress) => void>((v) => typeof v === 'function').optional(),
});

/**
 * Seals users' personal data under the cipher's current key: opens each row that is plaintext or
 * sealed under an older key of the ring, seals its email and names again and recomputes its email
 * index, in batches of `batchSize` rows (one transaction each), in id order. Resumable: the rows
 * still to do are found by their key id (`pii_key_id`), so a run that stopped is simply run again,
 * and a second run finds nothing. A row changed while it is resealed is left to the change (which
 * wrote it under the current key). Answers how many rows it sealed. A row sealed under a key the
 * ring no longer holds stops it with an `internal_error` naming the key.
 *
 * @example
 * ```ts
 * const cipher = createFieldCipher(parseDataKeys(process.env.DATA_ENCRYPTION_KEYS!));
 * const resealed = await resealUsers(database, cipher, {
 *   onProgress: ({ resealed, total }) => console.log(`${resealed}/${total}`),
 * });
 * ```
 */
export async function resealUsers(
  source: TrussDatabase | RepositorySource,
  cipher: FieldCipher,
  options: ResealOptions = {},
): Promise<number> {
  const o = parseInput(optionsSchema, options, 'reseal options');
  if (!cipher || typeof cipher.seal !== 'function') {
    throw new TrussError('validation_error', 'Resealing needs a field cipher');
  }
  const executor =
    typeof source === 'object' && source !== null && 'readExecutor' in source
      ? source.executor
      : executorOf(source as RepositorySource);
  const codec = userPiiCodec(cipher);
  const current = cipher.currentKeyId;
  const pending = () =>
    executor.db
      .selectFrom('users')
      .where((eb) =>
        o.scope === 'plaintext'
          ? eb('pii_key_id', 'is', null)
          : eb.or([eb('pii_key_id', 'is', null), eb('pii_key_id', '<>', current)]),
      );
  const counted = await withDatabaseErrors(() =>
    pending()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow(),
  );
  const total = Number(counted.n);
  let resealed = 0;
  let after: string | undefined;
  for (;;) {
    const rows = await withDatabaseErrors(() =>
      pending()
        .select(['id', 'email', 'first_name', 'last_name', 'pii_key_id'])
        .$if(after !== undefined, (q) => q.where('id', '>', after ?? ''))
        .orderBy('id')
        .limit(o.batchSize)
        .execute(),
    );
    const last = rows.at(-1);
    if (!last) break;
    const sealed = rows.map((row) => ({
      row,
      columns: codec.toColumns(row.id, codec.fromColumns(row.id, row)),
    }));
    const done = await executor.transaction(async (trx) => {
      let n = 0;
      for (const { row, columns } of sealed) {
        const result = await withDatabaseErrors(
          () =>
            trx.db
              .updateTable('users')
              .set(columns)
              .where('id', '=', row.id)
              .where('email', '=', row.email)
              .where((eb) =>
                row.pii_key_id === null
                  ? eb('pii_key_id', 'is', null)
                  : eb('pii_key_id', '=', row.pii_key_id),
              )
              .executeTakeFirst(),
          { conflict: `User ${row.id} has the email of another user (a duplicate left by a rotation)` },
        );
        n += Number(result.numUpdatedRows);
      }
      return n;
    });
    resealed += done;
    after = last.id;
    o.onProgress?.({ resealed, total });
    await executor.yieldBetweenBatches();
  }
  return resealed;
}
