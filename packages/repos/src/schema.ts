import type { ColumnType, Kysely } from 'kysely';

/**
 * A timestamp column: a `Date` on PostgreSQL and MySQL/MariaDB, an ISO 8601 UTC string
 * (`2026-01-31T12:00:00.000Z`) on SQLite, which has no date type. Repositories convert both ways.
 */
export type TimestampColumn = ColumnType<Date | string, Date | string, Date | string>;

/** A timestamp column that the database fills in when an insert leaves it out. */
export type DefaultedTimestampColumn = ColumnType<Date | string, Date | string | undefined, Date | string>;

/** The `users` table (spec §3.2). */
export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  first_name: string | null;
  last_name: string | null;
  role: ColumnType<string, string | undefined, string>;
  created_at: DefaultedTimestampColumn;
  updated_at: DefaultedTimestampColumn;
}

/** The `refresh_tokens` table: one row per issued refresh token, grouped in families. */
export interface RefreshTokensTable {
  id: string;
  family_id: string;
  user_id: string;
  token_hash: string;
  created_at: DefaultedTimestampColumn;
  expires_at: TimestampColumn;
  used_at: TimestampColumn | null;
  revoked_at: TimestampColumn | null;
}

/**
 * The tables of the Truss schema as kysely sees them: the `Database` type parameter of the
 * `Kysely<Database>` that {@link createDatabase} returns.
 *
 * @example
 * ```ts
 * import type { Kysely } from 'kysely';
 * import type { Database } from '@truss/repos';
 *
 * async function countUsers(db: Kysely<Database>): Promise<number> {
 *   const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
 *   return Number(row.n);
 * }
 * ```
 */
export interface Database {
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
}

/** A kysely instance (or transaction) on the Truss schema. */
export type TrussKysely = Kysely<Database>;
