import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** How {@link loadOrCreateSecretFile} reads, makes and writes one kind of secret. */
export interface SecretFileFormat<T> {
  /** Reads (and validates) the file's text; throws when it is not acceptable. */
  parse(text: string): T;
  /** Makes a new secret when the file does not exist. */
  create(): Promise<T> | T;
  /** The file's text for a new secret. */
  serialize(value: T): string;
}

/**
 * Reads a development secret from `path`, or, when the file does not exist, creates one and writes
 * it there (folders made, mode 0600). Any other read or parse failure is thrown, never papered over.
 */
export async function loadOrCreateSecretFile<T>(
  path: string,
  format: SecretFileFormat<T>,
): Promise<{ value: T; created: boolean }> {
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) return { value: format.parse(text), created: false };
  const value = await format.create();
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, format.serialize(value), { mode: 0o600 });
  return { value, created: true };
}
