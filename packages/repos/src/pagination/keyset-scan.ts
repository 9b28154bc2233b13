import type { SelectQueryBuilder } from 'kysely';
import { fromDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import type { Executor } from '../executor/executor.js';
import type { Position } from './cursor.js';
import { inKeysetOrder } from './keyset-order.js';
import type { KeysetRow } from './keyset-page.js';

/**
 * What {@link keysetScan} reads.
 *
 * @example
 * ```ts
 * const scan: KeysetScan<Database, 'users', Selectable<UsersTable>, UserRecord> = {
 *   read: () => executor,
 *   batchSize: 500,
 *   query: (e) => e.db.selectFrom('users').selectAll(),
 *   map: (rows) => rows.map(toRecord),
 * };
 * ```
 */
export interface KeysetScan<DB, TB extends keyof DB, O extends KeysetRow, T> {
  /** The executor of each batch's read (a replica's, or the primary's). */
  read: () => Executor;
  /** Rows per batch. */
  batchSize: number;
  /** The table and filters, on `executor.db`; the helper adds the position, order and limit. */
  query: (executor: Executor) => SelectQueryBuilder<DB, TB, O>;
  /** The batch as the caller's records (it may read more on `executor`, e.g. an order's items). */
  map: (rows: O[], executor: Executor) => T[] | Promise<T[]>;
}

/**
 * Every row of a table, newest first, in batches of at most `batchSize`: each batch is one keyset
 * query after the last row of the previous one, so a scan holds one batch in memory and reads each
 * row once. Between batches it lets other work run ({@link Executor.yieldBetweenBatches}): on
 * SQLite, whose driver is synchronous, an export would otherwise keep the event loop to itself.
 *
 * @example
 * ```ts
 * for await (const batch of keysetScan({ read: () => executor, batchSize: 500, query: (e) => e.db.selectFrom('users').selectAll(), map: (rows) => rows })) {
 *   write(batch);
 * }
 * ```
 */
export async function* keysetScan<DB, TB extends keyof DB, O extends KeysetRow, T>(
  scan: KeysetScan<DB, TB, O, T>,
): AsyncGenerator<T[], void> {
  let position: Position | undefined;
  for (;;) {
    const executor = scan.read();
    const from = position;
    const rows = await withDatabaseErrors(() =>
      inKeysetOrder(scan.query(executor), executor.dialect, from, 'desc').limit(scan.batchSize).execute(),
    );
    const last = rows.at(-1);
    if (last === undefined) return;
    yield await scan.map(rows, executor);
    if (rows.length < scan.batchSize) return;
    position = { createdAt: fromDbDate(last.created_at), id: last.id };
    await executor.yieldBetweenBatches();
  }
}
