import { TrussError } from '@truss/core';

/**
 * Loads an optional driver package with a dynamic `import()`, so only the chosen database's driver
 * is ever loaded. A missing package becomes an `internal_error` that says what to install.
 */
export async function loadDriver<T>(name: string, database: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new TrussError(
        'internal_error',
        `DATABASE_URL names ${database}, but its driver "${name}" is not installed: add it with \`npm install ${name}\``,
        { cause: error },
      );
    }
    throw error;
  }
}
