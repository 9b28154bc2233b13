import { relative } from 'node:path';
import { parseCreateArgs, USAGE, UsageError } from './args.js';
import { createProject } from './create-project.js';
import { withRequiredRouteSets } from './options.js';
import { completeOptions, type PromptIO } from './prompts.js';
import { SUPPORTED_NODE, type Versions } from './versions.js';

/**
 * Whether Truss supports this Node.js version (see {@link SUPPORTED_NODE}): 22.12 or later in 22,
 * or any 24.
 *
 * @example
 * ```ts
 * isSupportedNode('20.19.0'); // false
 * ```
 */
export function isSupportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return (major === 22 && minor >= 12) || major === 24;
}

/**
 * The `create-truss` command: parses `argv`, asks on `io` for what it does not say (unless
 * `--yes`), writes the project and prints the next steps. Answers the exit code: 0 done, 1 not
 * (a usage error, a folder that is not empty, input that ended: the message says which).
 *
 * @example
 * ```ts
 * process.exitCode = await runCreate(process.argv.slice(2), { input: process.stdin, output: process.stdout });
 * ```
 */
export async function runCreate(
  argv: readonly string[],
  io: PromptIO & { error?: NodeJS.WritableStream },
  versions?: Versions,
): Promise<number> {
  const error = io.error ?? io.output;
  try {
    const args = parseCreateArgs(argv);
    if (args.help) {
      io.output.write(USAGE);
      return 0;
    }
    if (!isSupportedNode(process.versions.node)) {
      error.write(`Note: Truss supports Node.js ${SUPPORTED_NODE}; this is ${process.versions.node}.\n`);
    }
    const options = await completeOptions(args, io);
    const { directory, files } = await createProject(options, versions);
    const routes = ['auth', 'users', ...withRequiredRouteSets(options.routes)].join(', ');
    const fromHere = relative(process.cwd(), directory);
    const where = fromHere.startsWith('..') ? directory : fromHere || '.';
    io.output.write(
      [
        '',
        `Created ${options.name} in ${directory}: ${options.adapter}, ${options.database}, ${routes}.`,
        ...files.map((file) => `  ${file}`),
        '',
        'Next:',
        ...(where === '.' ? [] : [`  cd ${where}`]),
        '  npm install',
        '  npm start    # http://127.0.0.1:3000',
        '  npm test',
        '',
      ].join('\n'),
    );
    return 0;
  } catch (caught) {
    if (!(caught instanceof UsageError)) throw caught;
    error.write(`create-truss: ${caught.message}\n`);
    return 1;
  }
}
