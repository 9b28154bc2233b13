import { TrussError } from '@truss/core';
import type { DialectName } from '../dialect.js';

/**
 * A server database (PostgreSQL, MySQL/MariaDB) as named by a `DATABASE_URL`.
 *
 * @example
 * ```ts
 * const target = parseDatabaseUrl('mysql://app:secret@db:3306/shop?ssl=true');
 * if (target.dialect !== 'sqlite') console.log(target.host, target.port, target.tls); // db 3306 verify
 * ```
 */
export interface ServerDatabaseTarget {
  readonly dialect: 'postgres' | 'mysql';
  /** The URL as given, password included: only for the driver, never for messages. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The database name; empty when the URL names none (PostgreSQL then uses the user's name). */
  readonly database: string;
  readonly user: string;
  readonly password: string;
  /** The URL with its password replaced by `***`: safe to log. */
  readonly display: string;
  /**
   * TLS for MySQL/MariaDB, from `?ssl=`: `true` / `required` (verify the server's certificate),
   * `skip-verify` (encrypt without verifying), `false` (default). PostgreSQL reads `sslmode` and its
   * other parameters from the URL itself, through `pg`.
   */
  readonly tls: 'off' | 'verify' | 'no-verify';
}

/**
 * A SQLite database as named by a `DATABASE_URL`.
 *
 * @example
 * ```ts
 * parseDatabaseUrl('sqlite::memory:'); // { dialect: 'sqlite', filename: ':memory:', display: 'sqlite::memory:' }
 * ```
 */
export interface SqliteDatabaseTarget {
  readonly dialect: 'sqlite';
  /** The file path, or `:memory:`. */
  readonly filename: string;
  /** Safe to log. */
  readonly display: string;
}

/**
 * What a `DATABASE_URL` names. See {@link parseDatabaseUrl}.
 *
 * @example
 * ```ts
 * const target = parseDatabaseUrl(process.env.DATABASE_URL ?? 'sqlite:./data/truss.db');
 * console.log(target.display); // password masked
 * ```
 */
export type DatabaseTarget = ServerDatabaseTarget | SqliteDatabaseTarget;

const SCHEMES: Record<string, DialectName> = {
  'sqlite:': 'sqlite',
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
};

const EXPECTED = 'sqlite:<path>, sqlite::memory:, postgres://…, postgresql://…, mysql://… or mariadb://…';

function invalid(message: string): TrussError {
  return new TrussError('validation_error', `Invalid DATABASE_URL: ${message}`);
}

function parseSqlite(url: string): SqliteDatabaseTarget {
  let filename = url.slice('sqlite:'.length);
  if (filename.startsWith('//')) filename = filename.slice(2);
  if (filename === '') throw invalid('a sqlite: URL needs a file path (sqlite:./data/truss.db) or :memory:');
  if (filename.includes('\0')) throw invalid('the SQLite file path contains a NUL character');
  return { dialect: 'sqlite', filename, display: `sqlite:${filename}` };
}

const MYSQL_TLS: Record<string, ServerDatabaseTarget['tls']> = {
  true: 'verify',
  required: 'verify',
  'skip-verify': 'no-verify',
  false: 'off',
};

function mysqlTls(params: URLSearchParams): ServerDatabaseTarget['tls'] {
  for (const key of params.keys()) {
    if (key !== 'ssl') throw invalid(`the MySQL URL parameter "${key}" is not supported (supported: ssl)`);
  }
  const ssl = params.get('ssl');
  if (ssl === null) return 'off';
  const tls = MYSQL_TLS[ssl];
  if (!tls) throw invalid(`ssl=${ssl} is not one of true, required, skip-verify, false`);
  return tls;
}

function parseServer(url: string, dialect: 'postgres' | 'mysql'): ServerDatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The value may hold a password: never echo it.
    throw invalid(`it is not a valid URL (expected ${EXPECTED})`);
  }
  if (parsed.hostname === '') {
    throw invalid(`it names no host (expected ${parsed.protocol}//user:password@host:port/database)`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (dialect === 'mysql' && database === '') {
    throw invalid(`it names no database (expected ${parsed.protocol}//user:password@host:3306/database)`);
  }
  if (database.includes('/')) throw invalid(`the database name "${database}" contains a "/"`);
  const safe = new URL(url);
  if (safe.password !== '') safe.password = '***';
  return {
    tls: dialect === 'mysql' ? mysqlTls(parsed.searchParams) : 'off',
    dialect,
    url,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port === '' ? (dialect === 'postgres' ? 5432 : 3306) : Number(parsed.port),
    database,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    display: safe.toString(),
  };
}

/**
 * Reads a `DATABASE_URL`: `sqlite:<path>` (also `sqlite://<path>`), `sqlite::memory:`,
 * `postgres://` or `postgresql://`, `mysql://` or `mariadb://`. Throws a `validation_error`
 * `TrussError` whose message says precisely what is wrong, and never contains the password.
 *
 * @example
 * ```ts
 * parseDatabaseUrl('postgres://app:secret@db:5432/truss');
 * // { dialect: 'postgres', host: 'db', port: 5432, database: 'truss', display: 'postgres://app:***@db:5432/truss', … }
 * ```
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (typeof url !== 'string' || url.trim() === '') {
    throw invalid(`it is empty (expected ${EXPECTED})`);
  }
  const trimmed = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(trimmed)?.[1]?.toLowerCase();
  const dialect = scheme === undefined ? undefined : SCHEMES[scheme];
  if (scheme === undefined || dialect === undefined) {
    const got = scheme === undefined ? 'no scheme' : `the scheme "${scheme}"`;
    throw invalid(`${got} is not supported (expected ${EXPECTED})`);
  }
  if (dialect === 'sqlite') return parseSqlite(trimmed);
  if (!trimmed.slice(scheme.length).startsWith('//')) {
    throw invalid(
      `a ${scheme} URL must continue with "//" (expected ${scheme}//user:password@host:port/database)`,
    );
  }
  return parseServer(trimmed, dialect);
}
