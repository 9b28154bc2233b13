import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
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
 * Processes starting at once agree on one secret: the file appears whole (written aside, then
 * linked into place, which fails if another process got there first) and the loser reads the
 * winner's.
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
  const aside = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(aside, format.serialize(value), { mode: 0o600, flag: 'wx' });
  try {
    await link(aside, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { value: format.parse(await readFile(path, 'utf8')), created: false };
  } finally {
    await unlink(aside);
  }
  return { value, created: true };
}
