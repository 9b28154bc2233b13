import type { Page } from '@truss/core';
import type { SelectQueryBuilder } from 'kysely';
import { type DialectName, fromDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { decodeCursor, encodeCursor, type Position } from './cursor.js';
import { inKeysetOrder } from './keyset-order.js';
import type { KeysetRequest, KeysetRow } from './keyset-page.js';

/**
 * A keyset page filtered in the application rather than in SQL: for a filter the database cannot
 * evaluate, such as a prefix of an encrypted column. Walks the rows in `created_at, id` order in
 * batches of `batchSize`, keeps those `keep` accepts (after `map`), and stops at `limit` of them
 * plus one (which tells whether a next page exists). The cursor points after the last item
 * answered, so walking the cursors visits every matching row once. Costs a read (and a decryption)
 * of every row it walks past: at worst the whole table for a page.
 *
 * @example
 * ```ts
 * const page = await filteredKeysetPage('sqlite', { limit: 20 }, db.selectFrom('users').selectAll(), (rows) => rows.map(toRecord), (u) => u.email.startsWith('ann'));
 * ```
 */
export async function filteredKeysetPage<DB, TB extends keyof DB, O extends KeysetRow, T>(
  dialect: DialectName,
  request: KeysetRequest,
  query: SelectQueryBuilder<DB, TB, O>,
  map: (rows: O[]) => T[],
  keep: (item: T) => boolean,
  batchSize = 500,
): Promise<Page<T>> {
  let position: Position | undefined = request.cursor ? decodeCursor(request.cursor) : undefined;
  const sort = request.sort ?? 'desc';
  const found: { item: T; at: Position }[] = [];
  for (;;) {
    const from = position;
    const rows = await withDatabaseErrors(() =>
      inKeysetOrder(query, dialect, from, sort).limit(batchSize).execute(),
    );
    const items = map(rows);
    for (const [i, item] of items.entries()) {
      const row = rows[i] as O;
      if (keep(item)) found.push({ item, at: { createdAt: fromDbDate(row.created_at), id: row.id } });
      if (found.length > request.limit) break;
    }
    const last = rows.at(-1);
    if (found.length > request.limit || rows.length < batchSize || !last) break;
    position = { createdAt: fromDbDate(last.created_at), id: last.id };
  }
  const page = found.slice(0, request.limit);
  const lastFound = page.at(-1);
  return {
    items: page.map((f) => f.item),
    nextCursor: found.length > request.limit && lastFound ? encodeCursor(lastFound.at) : null,
  };
}
