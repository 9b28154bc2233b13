import { TrussError } from '@truss/core';
import { type Kysely, MysqlAdapter, PostgresAdapter, SqliteAdapter } from 'kysely';

/**
 * A kysely instance on any schema, as kysely's migrations take it. Migrations must not depend on
 * the current schema type, which changes as they run.
 *
 * @example
 * ```ts
 * async function up(db: AnyKysely) {
 *   await db.schema.createTable('things').addColumn('id', 'integer', (c) => c.primaryKey()).execute();
 * }
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: kysely's own type for schema-agnostic code
export type AnyKysely = Kysely<any>;

/**
 * The databases `@truss/repos` runs on. MariaDB counts as `mysql`.
 *
 * @example
 * ```ts
 * const dialect: DialectName = dialectOf(db); // 'postgres' | 'mysql' | 'sqlite'
 * ```
 */
export type DialectName = 'postgres' | 'mysql' | 'sqlite';

const ADAPTER_NAMES: Record<string, DialectName> = {
  PostgresAdapter: 'postgres',
  PGliteAdapter: 'postgres',
  MysqlAdapter: 'mysql',
  SqliteAdapter: 'sqlite',
};

/**
 * Which database a kysely instance (or transaction) talks to, read from its dialect adapter.
 * Throws a `validation_error` `TrussError` for anything that is not a kysely instance on
 * PostgreSQL, MySQL/MariaDB or SQLite.
 *
 * @example
 * ```ts
 * const { db } = await createDatabase('sqlite::memory:');
 * dialectOf(db); // 'sqlite'
 * ```
 */
export function dialectOf(db: AnyKysely): DialectName {
  const adapter = (db as { getExecutor?: () => { adapter: unknown } } | null)?.getExecutor?.().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof MysqlAdapter) return 'mysql';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  // Another copy of kysely: fall back to the adapter's class name.
  const name = (adapter as { constructor?: { name?: string } } | undefined)?.constructor?.name;
  const dialect = name === undefined ? undefined : ADAPTER_NAMES[name];
  if (dialect) return dialect;
  throw new TrussError(
    'validation_error',
    'Expected a kysely instance on PostgreSQL, MySQL/MariaDB or SQLite (as createDatabase returns)',
  );
}

/** A value as a timestamp column stores it: a `Date`, or an ISO 8601 UTC string on SQLite. */
export function toDbDate(dialect: DialectName, value: Date): Date | string {
  return dialect === 'sqlite' ? value.toISOString() : value;
}

/**
 * A timestamp column's value as a `Date`. Accepts what the drivers return: a `Date` (pg, mysql2),
 * an ISO string (SQLite), a zone-less `YYYY-MM-DD HH:MM:SS` string (read as UTC) or epoch ms.
 */
export function fromDbDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string') {
    const time = isoUtcTime(value);
    if (time !== undefined) return new Date(time);
    const hasZone = /(?:Z|[+-]\d\d:?\d\d)$/.test(value);
    const date = new Date(hasZone ? value : `${value.replace(' ', 'T')}Z`);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new TrussError('internal_error', 'The database returned a timestamp that cannot be read');
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number of `length` decimal digits at `start` of `text`, or -1. */
function digitsAt(text: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The epoch ms of `YYYY-MM-DDTHH:MM:SS.sssZ` (what `toISOString` writes and SQLite columns hold),
 * read by hand — about twice as fast as the Date parser, and timestamps are on every row read.
 * `undefined` for anything else, including out-of-range fields, which the Date parser then judges.
 */
function isoUtcTime(v: string): number | undefined {
  if (
    v.length !== 24 ||
    v.charCodeAt(4) !== 45 ||
    v.charCodeAt(7) !== 45 ||
    v.charCodeAt(10) !== 84 ||
    v.charCodeAt(13) !== 58 ||
    v.charCodeAt(16) !== 58 ||
    v.charCodeAt(19) !== 46 ||
    v.charCodeAt(23) !== 90
  ) {
    return undefined;
  }
  const year = digitsAt(v, 0, 4);
  const month = digitsAt(v, 5, 2);
  const day = digitsAt(v, 8, 2);
  const hour = digitsAt(v, 11, 2);
  const minute = digitsAt(v, 14, 2);
  const second = digitsAt(v, 17, 2);
  const ms = digitsAt(v, 20, 3);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > (DAYS_IN_MONTH[month - 1] as number)) {
    return undefined;
  }
  if (month === 2 && day === 29 && (year % 4 !== 0 || (year % 100 === 0 && year % 400 !== 0)))
    return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0)
    return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/**
 * A row's `created_at` and `updated_at` as `Date`s. A row never updated has the same value in both:
 * then it is read once (two distinct `Date`s all the same), which saves a tenth of a key lookup's
 * own work on SQLite.
 *
 * @example
 * ```ts
 * const { createdAt, updatedAt } = fromDbTimestamps(row.created_at, row.updated_at);
 * ```
 */
export function fromDbTimestamps(
  createdAt: unknown,
  updatedAt: unknown,
): { createdAt: Date; updatedAt: Date } {
  const created = fromDbDate(createdAt);
  return {
    createdAt: created,
    updatedAt: updatedAt === createdAt ? new Date(created.getTime()) : fromDbDate(updatedAt),
  };
}

/** {@link fromDbDate} for a nullable column. */
export function fromDbDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : fromDbDate(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID string (any version, either case). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
