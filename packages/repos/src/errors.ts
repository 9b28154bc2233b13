import { isTrussError, TrussError } from '@truss/core';

/**
 * What kind of database failure an error is, whatever the driver.
 *
 * @example
 * ```ts
 * const retry = classifyDatabaseError(error) === 'concurrent_update';
 * ```
 */
export type DatabaseFailure =
  | 'unique_violation'
  | 'missing_reference'
  | 'still_referenced'
  | 'invalid_value'
  | 'concurrent_update'
  | 'unavailable'
  | 'unknown';

const PG_STATES: Record<string, DatabaseFailure> = {
  '23505': 'unique_violation',
  '23503': 'missing_reference',
  '23502': 'invalid_value',
  '23514': 'invalid_value',
  '22001': 'invalid_value',
  '22003': 'invalid_value',
  '22P02': 'invalid_value',
  '22007': 'invalid_value',
  '22008': 'invalid_value',
  '40001': 'concurrent_update',
  '40P01': 'concurrent_update',
  '53300': 'unavailable',
  '57P01': 'unavailable',
  '57P03': 'unavailable',
  '08000': 'unavailable',
  '08003': 'unavailable',
  '08006': 'unavailable',
};

const MYSQL_ERRNOS: Record<number, DatabaseFailure> = {
  1062: 'unique_violation',
  1452: 'missing_reference',
  1216: 'missing_reference',
  1451: 'still_referenced',
  1217: 'still_referenced',
  1048: 'invalid_value',
  1364: 'invalid_value',
  1406: 'invalid_value',
  1264: 'invalid_value',
  1292: 'invalid_value',
  1366: 'invalid_value',
  3819: 'invalid_value',
  4025: 'invalid_value',
  1213: 'concurrent_update',
  1205: 'unavailable',
  1040: 'unavailable',
  1053: 'unavailable',
  2002: 'unavailable',
  2003: 'unavailable',
  2006: 'unavailable',
  2013: 'unavailable',
};

const SQLITE_CODES: Record<string, DatabaseFailure> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique_violation',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique_violation',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'missing_reference',
  SQLITE_CONSTRAINT_NOTNULL: 'invalid_value',
  SQLITE_CONSTRAINT_CHECK: 'invalid_value',
  SQLITE_MISMATCH: 'invalid_value',
  SQLITE_BUSY: 'unavailable',
  SQLITE_LOCKED: 'unavailable',
  SQLITE_CANTOPEN: 'unavailable',
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
]);

/**
 * Classifies a driver error (pg, mysql2, better-sqlite3, or a socket error) by what went wrong.
 *
 * @example
 * ```ts
 * classifyDatabaseError({ code: '23505' }); // 'unique_violation'
 * ```
 */
export function classifyDatabaseError(error: unknown): DatabaseFailure {
  if (typeof error !== 'object' || error === null) return 'unknown';
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return 'unavailable';
    if (code.startsWith('SQLITE_')) {
      // ON DELETE RESTRICT fails as a trigger in SQLite.
      const message = String((error as { message?: unknown }).message);
      if (code === 'SQLITE_CONSTRAINT_TRIGGER' && message.includes('FOREIGN KEY')) return 'still_referenced';
      return SQLITE_CODES[code] ?? 'unknown';
    }
    if (/^[0-9A-Z]{5}$/.test(code) && typeof errno !== 'number') {
      return PG_STATES[code] ?? (code.startsWith('08') ? 'unavailable' : 'unknown');
    }
  }
  if (typeof errno === 'number' && typeof (error as { sqlState?: unknown }).sqlState === 'string') {
    return MYSQL_ERRNOS[errno] ?? 'unknown';
  }
  const message = (error as { message?: unknown }).message;
  if (
    typeof message === 'string' &&
    /connection terminated|timeout exceeded when trying to connect/i.test(message)
  ) {
    return 'unavailable';
  }
  return 'unknown';
}

/**
 * Client-safe messages for {@link toTrussError}, per failure; each has a generic default.
 *
 * @example
 * ```ts
 * toTrussError(error, { conflict: 'Email taken', missingReference: 'User not found' });
 * ```
 */
export interface DatabaseErrorMessages {
  /** For a unique violation, e.g. `'An account with this email already exists'`. */
  conflict?: string;
  /** For a foreign key that points at nothing, e.g. `'User not found'`. */
  missingReference?: string;
}

/**
 * Turns any error from a database call into a `TrussError` with a domain code, keeping the
 * original as `cause` (for logs) and never exposing driver text to clients:
 * unique violation → `conflict`; missing reference → `not_found`; row still referenced →
 * `conflict`; bad value → `validation_error`; deadlock or serialization failure → `conflict`;
 * lost connection → `service_unavailable`; anything else → `internal_error`. A `TrussError` passes
 * through unchanged.
 *
 * @example
 * ```ts
 * try {
 *   await db.insertInto('users').values(row).execute();
 * } catch (error) {
 *   throw toTrussError(error, { conflict: 'An account with this email already exists' });
 * }
 * ```
 */
export function toTrussError(error: unknown, messages: DatabaseErrorMessages = {}): TrussError {
  if (isTrussError(error)) return error;
  const options = { cause: error };
  switch (classifyDatabaseError(error)) {
    case 'unique_violation':
      return new TrussError(
        'conflict',
        messages.conflict ?? 'A record with the same key already exists',
        options,
      );
    case 'missing_reference':
      return new TrussError(
        'not_found',
        messages.missingReference ?? 'A referenced record does not exist',
        options,
      );
    case 'still_referenced':
      return new TrussError('conflict', 'The record is still referenced by other records', options);
    case 'invalid_value':
      return new TrussError('validation_error', 'A value does not fit its column', options);
    case 'concurrent_update':
      return new TrussError('conflict', 'The change conflicted with a concurrent one; retry it', options);
    case 'unavailable':
      return new TrussError('service_unavailable', 'The database is unavailable', options);
    default:
      return new TrussError('internal_error', 'A database operation failed', options);
  }
}

/**
 * Runs `operation` and rethrows any failure as {@link toTrussError} does.
 *
 * @example
 * ```ts
 * const row = await withDatabaseErrors(() => query.executeTakeFirst(), { conflict: 'Email taken' });
 * ```
 */
export async function withDatabaseErrors<T>(
  operation: () => Promise<T>,
  messages?: DatabaseErrorMessages,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toTrussError(error, messages);
  }
}
