import { parseArgs } from 'node:util';
import { ADAPTERS, type Adapter, DATABASES, type Database, ROUTE_SETS, type RouteSet } from './options.js';

/**
 * What the command line said: each option it gave, and whether to ask about the rest (`yes`
 * answers every question with its default).
 *
 * @example
 * ```ts
 * const args: CreateArgs = { adapter: 'express', yes: true, help: false };
 * ```
 */
export interface CreateArgs {
  directory?: string;
  adapter?: Adapter;
  database?: Database;
  routes?: RouteSet[];
  yes: boolean;
  help: boolean;
}

/**
 * A command line that cannot be used: an unknown option, a value that is not one of the choices.
 * Its message says what was wrong and what is accepted.
 *
 * @example
 * ```ts
 * try { parseCreateArgs(['--database', 'oracle']); } catch (e) { if (e instanceof UsageError) console.error(e.message); }
 * ```
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The usage text `create-truss --help` prints. */
export const USAGE = `Usage: npm create truss@latest [directory] -- [options]

Creates a Truss server project that starts with \`npm start\` and has a passing test.
Asks for what the options do not say, unless --yes.

Options:
  --adapter <name>    fastify (default) or express
  --database <name>   sqlite (default), postgres or mysql (MySQL or MariaDB)
  --routes <list>     route sets besides auth and users, comma-separated:
                      products, orders, exports; or none (default)
  -y, --yes           use the defaults for everything not given; ask nothing
  -h, --help          show this help
`;

const DATABASE_ALIASES: Record<string, Database> = {
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  postgres: 'postgres',
  postgresql: 'postgres',
  pg: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
};

function oneOf<T extends string>(option: string, value: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice === value.toLowerCase());
  if (!found) throw new UsageError(`--${option} ${value}: choose one of ${choices.join(', ')}`);
  return found;
}

/**
 * Reads the route sets of `--routes`: a comma-separated list of {@link ROUTE_SETS}, or `none`.
 * `auth` and `users` are accepted and ignored (they are always there).
 *
 * @example
 * ```ts
 * parseRouteSets('products, orders'); // ['products', 'orders']
 * ```
 */
export function parseRouteSets(value: string): RouteSet[] {
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && name !== 'none' && name !== 'auth' && name !== 'users');
  const unknown = names.filter((name) => !(ROUTE_SETS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `--routes: unknown route set ${unknown.join(', ')}; choose from ${ROUTE_SETS.join(', ')} (or none)`,
    );
  }
  return [...new Set(names as RouteSet[])];
}

/**
 * Parses the arguments of `create-truss` (without `node` and the script).
 *
 * @throws {UsageError} for an unknown option, a missing value or a value that is not a choice.
 * @example
 * ```ts
 * parseCreateArgs(['my-api', '--adapter', 'express', '--database', 'postgres', '--yes']);
 * // { directory: 'my-api', adapter: 'express', database: 'postgres', yes: true, help: false }
 * ```
 */
export function parseCreateArgs(argv: readonly string[]): CreateArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new UsageError(`One directory at most, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  const args: CreateArgs = { yes: values.yes === true, help: values.help === true };
  if (positionals[0] !== undefined) args.directory = positionals[0];
  if (values.adapter !== undefined) args.adapter = oneOf('adapter', values.adapter, ADAPTERS);
  if (values.database !== undefined) {
    const database = DATABASE_ALIASES[values.database.toLowerCase()];
    if (!database) {
      throw new UsageError(`--database ${values.database}: choose one of ${DATABASES.join(', ')}`);
    }
    args.database = database;
  }
  if (values.routes !== undefined) args.routes = parseRouteSets(values.routes);
  return args;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      adapter: { type: 'string' },
      database: { type: 'string' },
      routes: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
