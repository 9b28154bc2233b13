import { type ProjectOptions, withRequiredRouteSets } from '../options.js';
import { lines } from './lines.js';

const WHERE: Record<ProjectOptions['database'], string> = {
  sqlite: '// A database of its own for each run: a SQLite file in a temporary folder.',
  postgres: [
    '// A database of its own for each run, created on the PostgreSQL server at TRUSS_TEST_POSTGRES_URL',
    '// (default postgres://postgres@127.0.0.1:5432/postgres) and dropped after.',
  ].join('\n'),
  mysql: [
    '// A database of its own for each run, created on the MySQL / MariaDB server at TRUSS_TEST_MYSQL_URL',
    '// (default mysql://root@127.0.0.1:3306/test) and dropped after.',
  ].join('\n'),
};

/**
 * `test/api.test.ts`: starts the real server on a free port against a database of its own and
 * calls it over HTTP — registration, login and `/users/me`, then one check per chosen route set.
 *
 * @example
 * ```ts
 * const text = apiTestSource(options);
 * ```
 */
export function apiTestSource(options: ProjectOptions): string {
  const routes = new Set(withRequiredRouteSets(options.routes));
  return lines([
    "import { generateSigningKey } from '@truss/auth';",
    "import { silentLogger } from '@truss/core';",
    "import { createTestDatabase, type TestDatabase } from '@truss/testing';",
    "import { afterAll, beforeAll, describe, expect, it } from 'vitest';",
    "import { type RunningServer, startServer } from '../src/server.js';",
    '',
    WHERE[options.database],
    'let database: TestDatabase | undefined;',
    'let server: RunningServer | undefined;',
    '',
    'beforeAll(async () => {',
    `  database = await createTestDatabase('${options.database}');`,
    '  server = await startServer({',
    "    host: '127.0.0.1',",
    '    port: 0,',
    '    databaseUrl: database.url,',
    '    signingKeys: [await generateSigningKey()],',
    '    secureCookies: false,',
    '    logger: silentLogger,',
    '  });',
    '}, 60_000);',
    '',
    'afterAll(async () => {',
    '  await server?.close();',
    '  await database?.drop();',
    '});',
    '',
    'async function call(method: string, path: string, options: { body?: unknown; token?: string } = {}) {',
    '  const headers: Record<string, string> = {};',
    '  if (options.token) headers.authorization = `Bearer ${options.token}`;',
    "  if (options.body !== undefined) headers['content-type'] = 'application/json';",
    '  const response = await fetch(`${server?.url}/api/v1${path}`, {',
    '    method,',
    '    headers,',
    '    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),',
    '  });',
    '  const text = await response.text();',
    '  return { status: response.status, body: text ? JSON.parse(text) : undefined };',
    '}',
    '',
    '/** Registers a user and logs in: answers the access token. */',
    'async function signUp(email: string): Promise<string> {',
    "  const password = 'correct horse battery staple';",
    "  const registered = await call('POST', '/auth/register', { body: { email, password } });",
    '  expect(registered.status, JSON.stringify(registered.body)).toBe(201);',
    "  const login = await call('POST', '/auth/login', { body: { email, password } });",
    '  expect(login.status, JSON.stringify(login.body)).toBe(200);',
    '  return login.body.access_token;',
    '}',
    '',
    '// Passwords are hashed with argon2id on purpose slowly: allow a loaded machine some time.',
    "describe('the API', { timeout: 30_000 }, () => {",
    "  it('registers, logs in and answers /users/me', async () => {",
    "    const token = await signUp('ada@example.com');",
    "    const me = await call('GET', '/users/me', { token });",
    '    expect(me.status).toBe(200);',
    "    expect(me.body).toMatchObject({ email: 'ada@example.com', role: 'user' });",
    '  });',
    '',
    "  it('answers 401 to /users/me without a token', async () => {",
    "    const me = await call('GET', '/users/me');",
    "    expect(me).toMatchObject({ status: 401, body: { error: 'unauthorized' } });",
    '  });',
    ...(routes.has('products')
      ? [
          '',
          "  it('shows the catalogue to anyone', async () => {",
          "    const products = await call('GET', '/products');",
          '    expect(products).toMatchObject({ status: 200, body: { items: [] } });',
          '  });',
        ]
      : []),
    ...(routes.has('orders')
      ? [
          '',
          "  it('lists the orders of the caller', async () => {",
          "    const token = await signUp('grace@example.com');",
          "    const orders = await call('GET', '/orders', { token });",
          '    expect(orders).toMatchObject({ status: 200, body: { items: [] } });',
          '  });',
        ]
      : []),
    ...(routes.has('exports')
      ? [
          '',
          "  it('keeps the exports to Admins', async () => {",
          "    const token = await signUp('linus@example.com');",
          "    const exported = await call('GET', '/export/orders', { token });",
          "    expect(exported).toMatchObject({ status: 403, body: { error: 'forbidden' } });",
          '  });',
        ]
      : []),
    '});',
  ]);
}
