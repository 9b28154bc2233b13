import { type ProjectOptions, withRequiredRouteSets } from '../options.js';
import { lines } from './lines.js';
import { defaultDatabaseUrl } from './main.js';

const ADAPTER_NAMES = { fastify: 'Fastify', express: 'Express' } as const;
const DATABASE_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL', mysql: 'MySQL / MariaDB' } as const;

function databaseSetup(options: ProjectOptions): string[] {
  const url = defaultDatabaseUrl(options);
  const database = url.slice(url.lastIndexOf('/') + 1);
  switch (options.database) {
    case 'sqlite':
      return ['The data lives in `.data/app.db` (set `DATABASE_URL=sqlite:<file>` to move it).'];
    case 'postgres':
      return [
        `\`npm start\` connects to \`${url}\` unless \`DATABASE_URL\` says otherwise: create that database`,
        `first (\`createdb -h 127.0.0.1 -U postgres ${database}\`). The tables are created at start.`,
        '`npm test` creates a database of its own on the server at `TRUSS_TEST_POSTGRES_URL`',
        '(default `postgres://postgres@127.0.0.1:5432/postgres`) and drops it after.',
      ];
    case 'mysql':
      return [
        `\`npm start\` connects to \`${url}\` unless \`DATABASE_URL\` says otherwise: create that database`,
        `first (\`mysql -h 127.0.0.1 -u root -e 'create database ${database}'\`). The tables are created at start.`,
        '`npm test` creates a database of its own on the server at `TRUSS_TEST_MYSQL_URL`',
        '(default `mysql://root@127.0.0.1:3306/test`) and drops it after.',
      ];
  }
}

/**
 * The project's `README.md`: the commands, the settings, where errors are logged, what to change.
 *
 * @example
 * ```ts
 * const text = readmeSource(options);
 * ```
 */
export function readmeSource(options: ProjectOptions): string {
  const routes = ['auth', 'users', ...withRequiredRouteSets(options.routes)];
  return lines([
    `# ${options.name}`,
    '',
    `A [Truss](https://www.npmjs.com/package/@truss/api) API on ${ADAPTER_NAMES[options.adapter]} and`,
    `${DATABASE_NAMES[options.database]}, with the route sets ${routes.join(', ')}.`,
    '',
    '```sh',
    'npm install',
    'npm start       # builds (tsc) and listens on http://127.0.0.1:3000',
    'npm test        # starts the server on a free port and calls it over HTTP',
    'npm run typecheck',
    '```',
    '',
    ...databaseSetup(options),
    '',
    'Try it:',
    '',
    '```sh',
    'curl -s localhost:3000/api/v1/auth/register -H "content-type: application/json" \\',
    `  -d '{"email":"ada@example.com","password":"correct horse battery staple"}'`,
    'curl -s localhost:3000/api/v1/auth/login -H "content-type: application/json" \\',
    `  -d '{"email":"ada@example.com","password":"correct horse battery staple"}'`,
    'curl -s localhost:3000/api/v1/users/me -H "authorization: Bearer <access_token>"',
    '```',
    '',
    '## Settings (environment variables)',
    '',
    '| variable | default |',
    '| --- | --- |',
    '| `PORT`, `HOST` | `3000`, `127.0.0.1` (`PORT=0` takes a free port) |',
    `| \`DATABASE_URL\` | \`${defaultDatabaseUrl(options)}\` |`,
    '| `JWT_KEYS` | development keys in `.data/jwt-keys.json`; **required** with `NODE_ENV=production` (`npm run keys` prints one) |',
    '| `NODE_ENV` | `development`; `production` also makes the refresh cookie `Secure` |',
    '| `LOG_LEVEL` | `info` |',
    '',
    '## When something fails',
    '',
    'A request the API refuses gets `{ "error": code, "message": text }` with its status. An unexpected',
    'error (a bug, a database that went away) gets a bare `500 internal_error`, and the log on stdout',
    'gets one JSON line with the stack and the `requestId` — the value of the `x-request-id` header the',
    'client received.',
    '',
    '## Where things are',
    '',
    '- `src/app.ts` — the database, the services and the Truss API on the HTTP kernel. Add a route set',
    '  or routes of your own (`createTrussApi({ …, add: [defineRoute(…)] })`) here.',
    `- \`src/server.ts\` — serves the kernel on ${ADAPTER_NAMES[options.adapter]}.`,
    '- `src/main.ts` — the settings, the logger (pino), start and shutdown.',
    withRequiredRouteSets(options.routes).includes('orders') &&
      '- `src/payments.ts` — the payment provider: it declines every charge until you wire yours.',
    '- `test/api.test.ts` — the API over HTTP against a database of its own.',
  ]);
}

/** `.gitignore`: dependencies, the build, and the local data (SQLite file, development keys). */
export function gitignoreSource(): string {
  return lines(['node_modules/', 'dist/', '.data/', '*.db', '.env']);
}
