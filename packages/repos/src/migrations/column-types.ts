import { type CreateTableBuilder, type RawBuilder, sql } from 'kysely';
import { type AnyKysely, type DialectName, dialectOf } from '../dialect.js';

/** The few column types that differ between the databases; everything else is written once. */
export interface ColumnTypes {
  readonly dialect: DialectName;
  /** `uuid` on PostgreSQL, `char(36)` elsewhere. */
  readonly uuid: 'uuid' | 'char(36)';
  /** UTC with millisecond precision: `timestamptz(3)`, `datetime(3)` (UTC session), ISO text on SQLite. */
  readonly timestamp: 'timestamptz(3)' | 'datetime(3)' | 'text';
  /**
   * Money, exact: `numeric(12, 2)` / `decimal(12, 2)`; on SQLite, whose DECIMAL is a float, an
   * integer count of cents.
   */
  readonly money: 'numeric(12, 2)' | 'decimal(12, 2)' | 'integer';
  /** A JSON document as text: `text`, `mediumtext` on MySQL (whose `text` stops at 64 KiB). */
  readonly jsonText: 'text' | RawBuilder<unknown>;
  /** The current time, as a column default, in the format of {@link ColumnTypes.timestamp}. */
  readonly now: RawBuilder<unknown>;
  /** Table options: InnoDB and utf8mb4 on MySQL/MariaDB, nothing elsewhere. */
  table<B extends CreateTableBuilder<string, string>>(builder: B): B;
}

/** The {@link ColumnTypes} of the database `db` talks to. */
export function columnTypes(db: AnyKysely): ColumnTypes {
  const dialect = dialectOf(db);
  return {
    dialect,
    uuid: dialect === 'postgres' ? 'uuid' : 'char(36)',
    timestamp: dialect === 'postgres' ? 'timestamptz(3)' : dialect === 'mysql' ? 'datetime(3)' : 'text',
    money: dialect === 'postgres' ? 'numeric(12, 2)' : dialect === 'mysql' ? 'decimal(12, 2)' : 'integer',
    jsonText: dialect === 'mysql' ? sql`mediumtext` : 'text',
    now:
      dialect === 'postgres'
        ? sql`now()`
        : dialect === 'mysql'
          ? sql`current_timestamp(3)`
          : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    table: (builder) =>
      dialect === 'mysql'
        ? (builder.modifyEnd(
            sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_unicode_ci`,
          ) as typeof builder)
        : builder,
  };
}
