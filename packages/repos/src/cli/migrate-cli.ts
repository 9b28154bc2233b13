import { parseArgs } from 'node:util';
import { migrateDown, migrateToLatest, migrationStatus } from '../migrations/migrate.js';
import { type CliIo, runDatabaseCommand } from './database-command.js';

/**
 * Where {@link runMigrateCli} reads its configuration and writes its output.
 *
 * @example
 * ```ts
 * const io: MigrateCliIo = { env: process.env, stdout: console.log, stderr: console.error };
 * ```
 */
export type MigrateCliIo = CliIo;

const USAGE = `Usage: truss-migrate <up|down|status> [--url <DATABASE_URL>] [--steps <n> | --all]

  up       apply every pending migration
  down     undo the newest migration (--steps n: the n newest; --all: every one)
  status   list the migrations, applied or pending

The database is --url, else the DATABASE_URL environment variable
(sqlite:<path>, postgres://…, mysql://…).`;

type Command = 'up' | 'down' | 'status';

function parse(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      steps: { type: 'string' },
      all: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help) return { help: true as const };
  if (!['up', 'down', 'status'].includes(command ?? '') || rest.length > 0) {
    throw new Error(command ? `unknown command "${[command, ...rest].join(' ')}"` : 'no command given');
  }
  if ((values.steps !== undefined || values.all) && command !== 'down') {
    throw new Error('--steps and --all apply to "down" only');
  }
  if (values.steps !== undefined && values.all) throw new Error('give --steps or --all, not both');
  let steps: number | 'all' = values.all ? 'all' : 1;
  if (values.steps !== undefined) {
    steps = Number(values.steps);
    if (!Number.isInteger(steps) || steps < 1)
      throw new Error('--steps must be a whole number of at least 1');
  }
  return { help: false as const, command: command as Command, url: values.url, steps };
}

/**
 * The `truss-migrate` command: `up`, `down [--steps n | --all]` and `status` on the database of
 * `--url` or `DATABASE_URL`. Answers the exit code: 0 on success, 1 when the migration fails, 2 for
 * bad usage. Messages never contain the database password.
 *
 * @example
 * ```ts
 * const code = await runMigrateCli(['status'], { env: process.env, stdout: console.log, stderr: console.error });
 * ```
 */
export function runMigrateCli(argv: readonly string[], io: MigrateCliIo): Promise<number> {
  const command = { name: 'truss-migrate', usage: USAGE, parse };
  return runDatabaseCommand(command, argv, io, async (database, args) => {
    if (args.help) return 0;
    if (args.command === 'status') {
      for (const m of await migrationStatus(database.db)) {
        io.stdout(
          `${m.executedAt ? `applied  ${m.executedAt.toISOString()}` : `pending  ${' '.repeat(24)}`}  ${m.name}`,
        );
      }
      return 0;
    }
    const steps =
      args.command === 'up'
        ? await migrateToLatest(database.db)
        : await migrateDown(database.db, { steps: args.steps });
    if (steps.length === 0) io.stdout(args.command === 'up' ? 'Already up to date.' : 'Nothing to undo.');
    for (const step of steps) io.stdout(`${step.direction === 'up' ? 'Applied' : 'Reverted'} ${step.name}`);
    return 0;
  });
}
