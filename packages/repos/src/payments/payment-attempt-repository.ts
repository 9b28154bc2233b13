import {
  type PaymentAttempt,
  type PaymentAttemptRepository,
  type PaymentAttemptState,
  parseInput,
} from '@truss/core';
import { z } from 'zod';
import { fromDbDate, isUuid, toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';

const versionSchema = z.number().int().min(1).max(2_147_483_647);
const outcomeSchema = z.enum(['unknown', 'succeeded', 'declined', 'refunded']);

/**
 * The {@link PaymentAttemptRepository} of `@truss/core` on kysely. `claim` is an insert that does
 * nothing on a taken key (`ON CONFLICT DO NOTHING`, MySQL's `INSERT IGNORE`) followed, when the row
 * existed, by one conditional `UPDATE`: of concurrent claimers exactly one sees a row affected.
 *
 * @example
 * ```ts
 * const attempts = createPaymentAttemptRepository(database.executor);
 * const mine = await attempts.claim(order.id, order.version, new Date(), new Date(Date.now() - 20_000));
 * ```
 */
export function createPaymentAttemptRepository(source: RepositorySource): PaymentAttemptRepository {
  const { dialect, db } = executorOf(source);
  const at = (value: Date) => toDbDate(dialect, parseInput(z.date(), value, 'time'));
  const key = (orderId: string, orderVersion: number) => {
    if (!isUuid(orderId)) return null;
    return { id: orderId.toLowerCase(), version: parseInput(versionSchema, orderVersion, 'order version') };
  };

  return {
    async claim(orderId, orderVersion, now, staleBefore) {
      const k = key(orderId, orderVersion);
      if (!k) return false;
      const row = { order_id: k.id, order_version: k.version, state: 'charging', claimed_at: at(now) };
      const insert = db.insertInto('payment_attempts').values(row);
      const inserted = await withDatabaseErrors(() =>
        (dialect === 'mysql'
          ? insert.ignore()
          : insert.onConflict((oc) => oc.doNothing())
        ).executeTakeFirst(),
      );
      if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n) return true;
      const taken = await withDatabaseErrors(() =>
        db
          .updateTable('payment_attempts')
          .set({ state: 'charging', claimed_at: at(now) })
          .where('order_id', '=', k.id)
          .where('order_version', '=', k.version)
          .where((eb) =>
            eb.or([
              eb('state', '=', 'unknown'),
              eb.and([eb('state', '=', 'charging'), eb('claimed_at', '<', at(staleBefore))]),
            ]),
          )
          .executeTakeFirst(),
      );
      return (taken.numUpdatedRows ?? 0n) > 0n;
    },

    async settle(orderId, orderVersion, state) {
      const k = key(orderId, orderVersion);
      if (!k) return;
      const next = parseInput(outcomeSchema, state, 'payment attempt state');
      await withDatabaseErrors(() =>
        db
          .updateTable('payment_attempts')
          .set({ state: next })
          .where('order_id', '=', k.id)
          .where('order_version', '=', k.version)
          .execute(),
      );
    },

    async find(orderId, orderVersion): Promise<PaymentAttempt | null> {
      const k = key(orderId, orderVersion);
      if (!k) return null;
      const row = await withDatabaseErrors(() =>
        db
          .selectFrom('payment_attempts')
          .selectAll()
          .where('order_id', '=', k.id)
          .where('order_version', '=', k.version)
          .executeTakeFirst(),
      );
      if (!row) return null;
      return {
        orderId: row.order_id,
        orderVersion: Number(row.order_version),
        state: row.state as PaymentAttemptState,
        claimedAt: fromDbDate(row.claimed_at),
      };
    },
  };
}
