import { parseInput } from '@truss/core';
import { z } from 'zod';
import { isUuid, toDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import type { OrderContext } from './order-context.js';
import { withItems } from './order-records.js';

const limitSchema = z.number().int().min(1).max(1000);

/**
 * `OrderRepository.lockExpiredPending`: up to `limit` pending orders created before `before`, oldest
 * first, with their items, each row locked for the transaction with `FOR UPDATE SKIP LOCKED`
 * (PostgreSQL, MySQL 8, MariaDB 10.6+): two instances sweeping at once take different orders, and
 * neither waits on the other. SQLite runs one writer at a time.
 *
 * @example
 * ```ts
 * const expired = await lockExpiredPending(context, new Date(Date.now() - 1_800_000), 100);
 * ```
 */
export async function lockExpiredPending(context: OrderContext, before: Date, limit: number) {
  const { executor } = context;
  const n = parseInput(limitSchema, limit, 'limit');
  const cutoff = toDbDate(executor.dialect, parseInput(z.date(), before, 'time'));
  const rows = await withDatabaseErrors(() =>
    executor.db
      .selectFrom('orders')
      .selectAll()
      .where('status', '=', 'pending')
      .where('created_at', '<', cutoff)
      .orderBy('created_at')
      .orderBy('id')
      .limit(n)
      .$if(executor.dialect !== 'sqlite', (b) => b.forUpdate().skipLocked())
      .execute(),
  );
  return withItems(executor, rows);
}

/**
 * `OrderRepository.countPendingOfUser`: how many pending orders the user has. On PostgreSQL and
 * MySQL the user's row is locked first (`FOR UPDATE`), so inside a transaction one user's order
 * creations take turns and a cap on the count holds under concurrency.
 *
 * @example
 * ```ts
 * if ((await countPendingOfUser(context, userId)) >= 5) throw new TrussError('conflict', 'Too many unpaid orders');
 * ```
 */
export async function countPendingOfUser(context: OrderContext, userId: string): Promise<number> {
  if (!isUuid(userId)) return 0;
  const id = userId.toLowerCase();
  const { executor } = context;
  if (executor.dialect !== 'sqlite') {
    await withDatabaseErrors(() =>
      executor.db.selectFrom('users').select('id').where('id', '=', id).forUpdate().execute(),
    );
  }
  const row = await withDatabaseErrors(() =>
    executor.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow(),
  );
  return Number(row.n);
}
