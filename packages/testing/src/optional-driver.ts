/** The database drivers `@truss/testing` loads only when a test asks for their database. */
export type OptionalDriver = 'pg' | 'mysql2';

function isMissing(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${name}`)
  );
}

/**
 * Loads an optional peer dependency (`pg` for PostgreSQL, `mysql2` for MySQL / MariaDB) when it is
 * first needed, so a project on SQLite installs neither. When the package is not installed, throws
 * an error that names it and the command that installs it; any other failure passes through.
 *
 * @example
 * ```ts
 * const { default: pg } = await importDriver('pg', () => import('pg'), "createTestDatabase('postgres')");
 * ```
 */
export async function importDriver<T>(
  name: OptionalDriver | (string & {}),
  load: () => Promise<T>,
  neededBy: string,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    throw new Error(
      `${neededBy} needs the "${name}" package, which is not installed: npm install --save-dev ${name}`,
      { cause: error },
    );
  }
}
