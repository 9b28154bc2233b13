import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { CreateArgs } from './args.js';
import { parseRouteSets, UsageError } from './args.js';
import {
  ADAPTERS,
  type Adapter,
  DATABASES,
  type Database,
  DEFAULTS,
  type ProjectOptions,
  packageNameProblem,
  type RouteSet,
} from './options.js';

/**
 * Where questions go and answers come from: the terminal, or streams in a test.
 *
 * @example
 * ```ts
 * const io: PromptIO = { input: process.stdin, output: process.stdout };
 * ```
 */
export interface PromptIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

const LABELS: Record<Adapter | Database, string> = {
  fastify: 'Fastify',
  express: 'Express',
  sqlite: 'SQLite (a file, no server)',
  postgres: 'PostgreSQL',
  mysql: 'MySQL or MariaDB',
};

/** Reads one line per question; the end of the input before an answer is an error, not a default. */
function lineReader(io: PromptIO) {
  const lines = createInterface({ input: io.input, terminal: false })[Symbol.asyncIterator]();
  return {
    async ask(question: string): Promise<string> {
      io.output.write(question);
      const next = await lines.next();
      if (next.done) {
        throw new UsageError(
          'The input ended before every question was answered: pass --adapter, --database and --routes, or --yes',
        );
      }
      return next.value.trim();
    },
    close: () => lines.return?.(),
  };
}

type Reader = ReturnType<typeof lineReader>;

async function choose<T extends Adapter | Database>(
  reader: Reader,
  io: PromptIO,
  title: string,
  choices: readonly T[],
): Promise<T> {
  const menu = choices.map((c, i) => `  ${i + 1}) ${LABELS[c]}${i === 0 ? ' (default)' : ''}`).join('\n');
  for (;;) {
    const answer = (await reader.ask(`${title}\n${menu}\n> `)).toLowerCase();
    if (answer === '') return choices[0] as T;
    const byNumber = choices[Number(answer) - 1];
    const byName = choices.find((c) => c === answer);
    const chosen = /^\d+$/.test(answer) ? byNumber : byName;
    if (chosen) return chosen;
    io.output.write(`"${answer}" is not one of the choices.\n`);
  }
}

async function askDirectory(reader: Reader, io: PromptIO): Promise<string> {
  for (;;) {
    const answer = (await reader.ask(`Project folder (${DEFAULTS.directory}): `)) || DEFAULTS.directory;
    const problem = packageNameProblem(basename(resolve(answer)));
    if (!problem) return answer;
    io.output.write(`"${basename(resolve(answer))}" cannot be a package name: ${problem}.\n`);
  }
}

async function askRoutes(reader: Reader, io: PromptIO): Promise<RouteSet[]> {
  for (;;) {
    const answer = await reader.ask(
      'Route sets besides auth and users (comma-separated: products, orders, exports; Enter for none): ',
    );
    try {
      return parseRouteSets(answer);
    } catch (error) {
      io.output.write(`${(error as Error).message.replace(/^--routes: /, '')}\n`);
    }
  }
}

/**
 * Completes the options the command line left out: with `--yes` from {@link DEFAULTS}, else by
 * asking on `io`, one question per missing option (Enter takes the default). The project name is
 * the folder's name.
 *
 * @throws {UsageError} when the folder's name cannot be a package name, or the input ends first.
 * @example
 * ```ts
 * const options = await completeOptions(parseCreateArgs(process.argv.slice(2)), {
 *   input: process.stdin,
 *   output: process.stdout,
 * });
 * ```
 */
export async function completeOptions(args: CreateArgs, io: PromptIO): Promise<ProjectOptions> {
  const missing =
    args.directory === undefined ||
    args.adapter === undefined ||
    args.database === undefined ||
    args.routes === undefined;
  const reader = args.yes || !missing ? null : lineReader(io);
  try {
    const directory = args.directory ?? (reader ? await askDirectory(reader, io) : DEFAULTS.directory);
    const name = basename(resolve(directory));
    const problem = packageNameProblem(name);
    if (problem) throw new UsageError(`"${name}" cannot be a package name: ${problem}. Pick another folder.`);
    const adapter =
      args.adapter ?? (reader ? await choose(reader, io, 'HTTP framework:', ADAPTERS) : DEFAULTS.adapter);
    const database =
      args.database ?? (reader ? await choose(reader, io, 'Database:', DATABASES) : DEFAULTS.database);
    const routes = args.routes ?? (reader ? await askRoutes(reader, io) : [...DEFAULTS.routes]);
    return { directory, name, adapter, database, routes };
  } finally {
    await reader?.close();
  }
}
