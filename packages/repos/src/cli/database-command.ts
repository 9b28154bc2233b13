import { createDatabase, type TrussDatabase } from '../connect/create-database.js';

/**
 * Where a command of `@truss/repos/cli` reads its configuration and writes its output.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * await runMigrateCli(['up'], { env: { DATABASE_URL: 'sqlite::memory:' }, stdout: (l) => lines.push(l), stderr: console.error });
 * ```
 */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** A database command: its name, its usage text and how it reads its arguments. @internal */
export interface DatabaseCommand<A extends { help?: boolean; url?: string | undefined }> {
  name: string;
  usage: string;
  /** Throws an `Error` whose message says what is wrong with `argv`. */
  parse(argv: readonly string[]): A;
}

/**
 * The frame every database command shares: bad arguments print the message and the usage (exit
 * 2), `--help` the usage (exit 0); the database is `--url`, else `DATABASE_URL`, opened with one
 * connection and closed at the end; `run` answers the exit code, and what it throws is printed
 * (exit 1) — messages never carry the database password, the URL is shown redacted. @internal
 */
export async function runDatabaseCommand<A extends { help?: boolean; url?: string | undefined }>(
  command: DatabaseCommand<A>,
  argv: readonly string[],
  io: CliIo,
  run: (database: TrussDatabase, args: A) => Promise<number>,
): Promise<number> {
  let args: A;
  try {
    args = command.parse(argv);
  } catch (error) {
    io.stderr(`${command.name}: ${(error as Error).message}\n\n${command.usage}`);
    return 2;
  }
  if (args.help) {
    io.stdout(command.usage);
    return 0;
  }
  const url = args.url ?? io.env.DATABASE_URL;
  if (!url) {
    io.stderr(`${command.name}: no database: pass --url or set DATABASE_URL\n\n${command.usage}`);
    return 2;
  }
  let database: TrussDatabase | undefined;
  try {
    database = await createDatabase(url, { poolSize: 1 });
    io.stdout(`Database: ${database.display}`);
    return await run(database, args);
  } catch (error) {
    io.stderr(`${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database?.destroy();
  }
}
