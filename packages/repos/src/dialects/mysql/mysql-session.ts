/**
 * The session every MySQL/MariaDB connection starts with, whatever the server's defaults: UTC, and
 * strict mode, so a value that does not fit its column is an error (→ `validation_error`), never
 * silently truncated or zeroed. Idempotent: a connection may get it twice.
 *
 * @example
 * ```ts
 * await connection.executeQuery(CompiledQuery.raw(MYSQL_SESSION_SETUP));
 * ```
 */
export const MYSQL_SESSION_SETUP =
  "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE," +
  "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";
