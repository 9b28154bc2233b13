import { TrussError } from '@truss/core';
import type { ExpressionBuilder, ExpressionWrapper, SqlBool } from 'kysely';
import { z } from 'zod';
import { type DialectName, fromDbDate, isUuid, toDbDate } from './dialect.js';

/** Page size bounds of every list: default 20, at most 100. */
export const pageLimitSchema = z.number().int().min(1).max(100).default(20);

/** A position in a list ordered by `created_at DESC, id DESC`. */
export interface Position {
  createdAt: Date;
  id: string;
}

/** An opaque cursor for `position`: base64url of `[createdAt ISO, id]`. */
export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

/** The position a cursor names; a `validation_error` `TrussError` for a cursor we did not make. */
export function decodeCursor(cursor: string): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && isUuid(value[1])) {
      const createdAt = new Date(value[0]);
      if (!Number.isNaN(createdAt.getTime())) return { createdAt, id: value[1] };
    }
  } catch {
    // fall through
  }
  throw new TrussError(
    'validation_error',
    'Invalid cursor: pass the nextCursor of a previous page unchanged',
  );
}

/** Rows strictly after `position` in `created_at DESC, id DESC` order. */
export function after<DB, TB extends keyof DB>(
  dialect: DialectName,
  position: Position,
): (eb: ExpressionBuilder<DB, TB>) => ExpressionWrapper<DB, TB, SqlBool> {
  const at = toDbDate(dialect, position.createdAt);
  return (eb) => {
    const e = eb as unknown as ExpressionBuilder<{ t: { created_at: Date | string; id: string } }, 't'>;
    return e.or([
      e('created_at', '<', at),
      e.and([e('created_at', '=', at), e('id', '<', position.id)]),
    ]) as unknown as ExpressionWrapper<DB, TB, SqlBool>;
  };
}

/**
 * Rows strictly after `position` in `created_at, id` order of `direction`. On PostgreSQL and SQLite
 * it is one row-value comparison, `(created_at, id) < (?, ?)`, which the `(created_at, id)` index
 * answers as a range: a batched scan reads each row once instead of skipping every row already
 * seen (measured on PostgreSQL, 100k rows: 0.2 ms per page instead of 27 ms). MySQL/MariaDB get
 * the equivalent `OR` form ({@link after} for `desc`).
 */
export function afterIn<DB, TB extends keyof DB>(
  dialect: DialectName,
  position: Position,
  direction: 'asc' | 'desc',
): (eb: ExpressionBuilder<DB, TB>) => ExpressionWrapper<DB, TB, SqlBool> {
  const at = toDbDate(dialect, position.createdAt);
  const op = direction === 'desc' ? '<' : '>';
  if (dialect !== 'mysql') {
    return (eb) => {
      const e = eb as unknown as ExpressionBuilder<{ t: { created_at: Date | string; id: string } }, 't'>;
      return e(e.refTuple('created_at', 'id'), op, e.tuple(at, position.id)) as unknown as ExpressionWrapper<
        DB,
        TB,
        SqlBool
      >;
    };
  }
  if (direction === 'desc') return after<DB, TB>(dialect, position);
  return (eb) => {
    const e = eb as unknown as ExpressionBuilder<{ t: { created_at: Date | string; id: string } }, 't'>;
    return e.or([
      e('created_at', '>', at),
      e.and([e('created_at', '=', at), e('id', '>', position.id)]),
    ]) as unknown as ExpressionWrapper<DB, TB, SqlBool>;
  };
}

/**
 * Turns `limit + 1` fetched rows into a page: the first `limit` items, and a cursor when there was
 * one more.
 */
export function toPage<R extends { created_at: unknown; id: string }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ createdAt: fromDbDate(last.created_at), id: last.id })
        : null,
  };
}
