import { TrussError } from '@truss/core';
import { isUuid } from '../dialect.js';

/**
 * A position in a list ordered by `created_at, id`.
 *
 * @example
 * ```ts
 * const position: Position = { createdAt: new Date('2030-01-01T00:00:00Z'), id: order.id };
 * ```
 */
export interface Position {
  createdAt: Date;
  id: string;
}

/**
 * An opaque cursor for `position`: base64url of `[createdAt ISO, id]`.
 *
 * @example
 * ```ts
 * const nextCursor = encodeCursor({ createdAt: last.createdAt, id: last.id });
 * ```
 */
export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

/**
 * The position a cursor names; a `validation_error` `TrussError` for a cursor we did not make.
 *
 * @example
 * ```ts
 * const { createdAt, id } = decodeCursor(page.nextCursor);
 * ```
 */
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
