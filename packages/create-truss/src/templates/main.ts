import type { ProjectOptions } from '../options.js';
import { lines } from './lines.js';

/**
 * The `DATABASE_URL` a project uses when none is set: a SQLite file, or a database named after the
 * project on a local server (which the developer creates).
 *
 * @example
 * ```ts
 * defaultDatabaseUrl({ name: 'my-api', database: 'postgres' }); // 'postgres://postgres@127.0.0.1:5432/my_api'
 * ```
 */
export function defaultDatabaseUrl(options: Pick<ProjectOptions, 'name' | 'database'>): string {
  const name = options.name.replace(/[^a-z0-9]+/g, '_');
  switch (options.database) {
    case 'sqlite':
      return 'sqlite:.data/app.db';
    case 'postgres':
      return `postgres://postgres@127.0.0.1:5432/${name}`;
    case 'mysql':
      return `mysql://root@127.0.0.1:3306/${name}`;
  }
}

/**
 * `src/main.ts`: reads and validates the environment, starts the server, logs where it listens
 * (pino, one JSON line per event on stdout) and stops cleanly on SIGINT / SIGTERM.
 *
 * @example
 * ```ts
 * const text = mainSource(options);
 * ```
 */
export function mainSource(options: ProjectOptions): string {
  return lines([
    "import { loadOrCreateKeyFile, type SigningKey, signingKeySchema } from '@truss/auth';",
    "import { pino } from 'pino';",
    "import { z } from 'zod';",
    "import { startServer } from './server.js';",
    '',
    'const json = z.string().transform((text, ctx): unknown => {',
    '  try {',
    '    return JSON.parse(text);',
    '  } catch {',
    "    ctx.addIssue({ code: 'custom', message: 'not valid JSON' });",
    '    return z.NEVER;',
    '  }',
    '});',
    '',
    '/** Every setting, from environment variables. */',
    'const environment = z.object({',
    "  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),",
    "  HOST: z.string().min(1).default('127.0.0.1'),",
    '  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),',
    `  DATABASE_URL: z.string().min(1).default('${defaultDatabaseUrl(options)}'),`,
    '  /** The access-token signing keys, a JSON array of private JWKs (`npm run keys` makes one). */',
    '  JWT_KEYS: json.pipe(z.array(signingKeySchema).min(1)).optional(),',
    "  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),",
    '});',
    '',
    'const parsed = environment.safeParse(process.env);',
    'if (!parsed.success) {',
    '  process.stderr.write(`Invalid environment:\\n${z.prettifyError(parsed.error)}\\n`);',
    '  process.exit(1);',
    '}',
    'const env = parsed.data;',
    'const logger = pino({ level: env.LOG_LEVEL });',
    '',
    '/** JWT_KEYS; without it, development keys kept in .data/jwt-keys.json (never in production). */',
    'async function signingKeys(): Promise<SigningKey[]> {',
    '  if (env.JWT_KEYS) return env.JWT_KEYS as SigningKey[];',
    "  if (env.NODE_ENV === 'production') {",
    "    throw new Error('JWT_KEYS is required in production: `npm run keys` prints a new key');",
    '  }',
    "  const { keys } = await loadOrCreateKeyFile('.data/jwt-keys.json');",
    "  logger.warn('JWT_KEYS is not set: signing with the development keys of .data/jwt-keys.json');",
    '  return keys;',
    '}',
    '',
    'try {',
    '  const server = await startServer({',
    '    host: env.HOST,',
    '    port: env.PORT,',
    '    databaseUrl: env.DATABASE_URL,',
    '    signingKeys: await signingKeys(),',
    "    secureCookies: env.NODE_ENV === 'production',",
    '    logger,',
    '  });',
    '  logger.info({ url: server.url }, `listening on ${server.url}`);',
    "  for (const signal of ['SIGINT', 'SIGTERM'] as const) {",
    '    process.once(signal, () => {',
    "      logger.info({ signal }, 'shutting down');",
    '      server.close().then(',
    '        () => process.exit(0),',
    '        (error: unknown) => {',
    "          logger.error({ err: error }, 'shutdown failed');",
    '          process.exit(1);',
    '        },',
    '      );',
    '    });',
    '  }',
    '} catch (error) {',
    "  logger.fatal({ err: error }, 'the server did not start');",
    '  process.exit(1);',
    '}',
  ]);
}
