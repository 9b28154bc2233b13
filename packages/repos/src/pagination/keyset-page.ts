import type { Page } from '@truss/core';
import type { SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import { type DialectName, fromDbDate } from '../dialect.js';
import { withDatabaseErrors } from '../errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { inKeysetOrder, type SortDirection } from './keyset-order.js';

/**
 * The fields of every list query: a page size (default 20, at most 100) and a cursor; spread it
 * into a list's zod schema.
 *
 * @example
 * ```ts
 * const listSchema = z.strictObject({ ...pageRequestShape, sort: sortSchema, role: roleSchema.optional() });
 * ```
 */
export const pageRequestShape = {
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().nullish(),
};

/**
 * A list's sort direction, newest first by default.
 *
 * @example
 * ```ts
 * sortSchema.parse(undefined); // 'desc'
 * ```
 */
export const sortSchema = z.enum(['asc', 'desc']).default('desc');

/**
 * What a keyset list asks for: `limit` items after `cursor`, in `sort` order (default `desc`).
 *
 * @example
 * ```ts
 * const request: KeysetRequest = { limit: 20, cursor: page.nextCursor, sort: 'asc' };
 * ```
 */
export interface KeysetRequest {
  limit: number;
  cursor?: string | null | undefined;
  sort?: SortDirection | undefined;
}

/**
 * A row of a keyset list: the columns its order and cursor are made of.
 *
 * @example
 * ```ts
 * const row: KeysetRow = { created_at: '2030-01-01T00:00:00.000Z', id: order.id };
 * ```
 */
export interface KeysetRow {
  created_at: unknown;
  id: string;
}

/**
 * One page of a keyset list, the request's cursor already read; see {@link keysetPage}.
 *
 * @example
 * ```ts
 * const page: KeysetPage = keysetPage('sqlite', { limit: 20 });
 * ```
 */
export interface KeysetPage {
  /**
   * Runs `query` (the list's table and filters) for the page: the rows after the cursor, in
   * `created_at, id` order, `limit + 1` of them (the extra one tells whether a next page exists).
   * Answers the first `limit` rows through `map` and the cursor of the next page (`null` on the
   * last). Database failures come out as `TrussError`s.
   */
  fetch<DB, TB extends keyof DB, O extends KeysetRow, T>(
    query: SelectQueryBuilder<DB, TB, O>,
    map: (rows: O[]) => T[] | Promise<T[]>,
  ): Promise<Page<T>>;
}

/**
 * The page `request` asks for in a list ordered by `created_at, id` (ties broken by id, so walking
 * the cursors visits every row once while rows are added). Reads the cursor at once: a cursor we
 * did not make is a `validation_error` `TrussError`, before any other check of the caller.
 *
 * @example
 * ```ts
 * const page = keysetPage(executor.dialect, { limit: 20, cursor, sort: 'asc' });
 * return page.fetch(executor.db.selectFrom('products').selectAll().where('stock', '>', 0), (rows) => rows.map(toProduct));
 * ```
 */
export function keysetPage(dialect: DialectName, request: KeysetRequest): KeysetPage {
  const position = request.cursor ? decodeCursor(request.cursor) : undefined;
  const sort = request.sort ?? 'desc';
  const { limit } = request;
  return {
    async fetch(query, map) {
      const rows = await withDatabaseErrors(() =>
        inKeysetOrder(query, dialect, position, sort)
          .limit(limit + 1)
          .execute(),
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: await map(items),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ createdAt: fromDbDate(last.created_at), id: last.id })
            : null,
      };
    },
  };
}
