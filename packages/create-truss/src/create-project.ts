import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './args.js';
import type { ProjectOptions } from './options.js';
import { projectFiles } from './project-files.js';
import { THIRD_PARTY_VERSIONS, trussVersions, type Versions } from './versions.js';

async function isEmptyOrMissing(directory: string): Promise<boolean> {
  try {
    return (await readdir(directory)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/**
 * Writes a new project into `options.directory`, which must not exist or be empty. Answers the
 * absolute folder and the files written (relative paths). The `@truss/*` versions default to the
 * ones this create-truss was published with.
 *
 * @throws {UsageError} when the folder exists and is not empty (nothing is written then).
 * @example
 * ```ts
 * const { directory, files } = await createProject({
 *   directory: 'my-api',
 *   name: 'my-api',
 *   adapter: 'express',
 *   database: 'postgres',
 *   routes: ['products', 'orders'],
 * });
 * ```
 */
export async function createProject(
  options: ProjectOptions,
  versions: Versions = { ...THIRD_PARTY_VERSIONS, ...trussVersions() },
): Promise<{ directory: string; files: string[] }> {
  const directory = resolve(options.directory);
  if (!(await isEmptyOrMissing(directory))) {
    throw new UsageError(`${directory} is not empty: choose a new folder or empty this one`);
  }
  const files = projectFiles(options, versions);
  for (const [path, text] of Object.entries(files)) {
    const target = join(directory, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text, { flag: 'wx' });
  }
  return { directory, files: Object.keys(files) };
}
