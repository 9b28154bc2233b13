// `npm create truss` as a user runs it: the packed create-truss through `npm exec`, one project per
// adapter × database in an empty folder, `npm install` (the @truss packages from their tarballs,
// the rest from the npm registry, --engine-strict), then its own `npm start` and `npm test`.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { createTestDatabase } from '@truss/testing';
import { afterAll, beforeAll, describe, type ExpectStatic, expect, inject, it } from 'vitest';
import { isSupportedNode } from '../../src/run-create.js';
import { undeclaredImports } from './imports.js';
import { keepPrebuild, prebuildEnv } from './prebuilds.js';
import { mustRun, startServer, userEnv } from './processes.js';

const { tarballs, versions, prebuilds } = inject('consumer');
const supported = isSupportedNode(process.versions.node);
// --engine-strict where Truss claims to run: every package of the tree must declare this Node.
const env = userEnv({ ...prebuildEnv(prebuilds), npm_config_engine_strict: String(supported) });

/** `npm create truss@latest <args>`, with this repository's create-truss in place of the registry's. */
function createTruss(cwd: string, args: readonly string[]): Promise<string> {
  return mustRun(
    'npm',
    ['exec', '--yes', `--package=${tarballs['create-truss']}`, '--', 'create-truss', ...args],
    {
      cwd,
      env,
    },
  );
}

/** Points the project's @truss dependencies at the tarballs (the registry stand-in); answers the ranges it had. */
async function useTarballs(project: string): Promise<Record<string, string>> {
  const path = join(project, 'package.json');
  const manifest = JSON.parse(await readFile(path, 'utf8'));
  const pinned: Record<string, string> = {};
  for (const field of ['dependencies', 'devDependencies'] as const) {
    for (const name of Object.keys(manifest[field] ?? {}).filter((n) => n.startsWith('@truss/'))) {
      pinned[name] = manifest[field][name];
      manifest[field][name] = `file:${tarballs[name]}`;
    }
  }
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return pinned;
}

async function sourcesOf(project: string): Promise<string[]> {
  const files = [
    ...(await readdir(join(project, 'src'))).map((f) => join('src', f)),
    ...(await readdir(join(project, 'test'))).map((f) => join('test', f)),
  ];
  return Promise.all(files.map((file) => readFile(join(project, file), 'utf8')));
}

async function registerLoginMe(url: string, expect: ExpectStatic): Promise<unknown> {
  const post = (path: string, body: unknown) =>
    fetch(`${url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const credentials = { email: 'ada@example.com', password: 'correct horse battery staple' };
  expect((await post('/auth/register', credentials)).status).toBe(201);
  const login = await post('/auth/login', credentials);
  expect(login.status).toBe(200);
  const { access_token } = (await login.json()) as { access_token: string };
  const me = await fetch(`${url}/api/v1/users/me`, { headers: { authorization: `Bearer ${access_token}` } });
  expect(me.status).toBe(200);
  return me.json();
}

const COMBINATIONS = [
  { adapter: 'fastify', database: 'sqlite', routes: 'none' },
  { adapter: 'express', database: 'sqlite', routes: 'products' },
  { adapter: 'fastify', database: 'postgres', routes: 'products,orders,exports' },
  { adapter: 'express', database: 'postgres', routes: 'orders' },
  { adapter: 'fastify', database: 'mysql', routes: 'exports' },
  { adapter: 'express', database: 'mysql', routes: 'products,orders,exports' },
] as const;

// Only what applies to this Node is declared: a skipped test would fail CI.
if (supported) {
  describe('npm create truss', () => {
    let workspace: string;
    beforeAll(async () => {
      workspace = await mkdtemp(join(tmpdir(), 'truss-create-'));
    });
    afterAll(() => rm(workspace, { recursive: true, force: true }));

    // Concurrently: most of the time is npm and the registry; vitest runs at most `maxConcurrency`.
    it.concurrent.for(COMBINATIONS)(
      '$adapter × $database (routes: $routes): installs, starts with npm start, passes npm test',
      async ({ adapter, database, routes }, { expect }) => {
        const name = `app-${adapter}-${database}`;
        await createTruss(workspace, [
          name,
          '--adapter',
          adapter,
          '--database',
          database,
          '--routes',
          routes,
        ]);
        const project = join(workspace, name);

        // The @truss versions are the ones this repository publishes.
        const pinned = await useTarballs(project);
        for (const [pkg, range] of Object.entries(pinned)) expect(range, pkg).toBe(`^${versions[pkg]}`);

        await mustRun('npm', ['install'], { cwd: project, env, timeoutMs: 600_000 });
        keepPrebuild(join(project, 'node_modules', 'better-sqlite3'), prebuilds);
        const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
        expect(undeclaredImports(await sourcesOf(project), manifest)).toEqual([]);
        if (database === 'sqlite') {
          // @truss/testing's PostgreSQL and MySQL drivers are optional: a SQLite project has neither.
          expect(existsSync(join(project, 'node_modules', 'pg'))).toBe(false);
          expect(existsSync(join(project, 'node_modules', 'mysql2'))).toBe(false);
        }
        await mustRun('npm', ['run', 'typecheck', '--', '--skipLibCheck', 'false'], { cwd: project, env });

        const started = await createTestDatabase(database);
        try {
          const server = await startServer('npm', ['start'], {
            cwd: project,
            env: { ...env, PORT: '0', DATABASE_URL: started.url },
          });
          try {
            expect(await registerLoginMe(server.url, expect)).toMatchObject({
              email: 'ada@example.com',
              role: 'user',
            });
          } finally {
            await server.stop();
          }
          expect(server.output()).toContain('"msg":"shutting down"');
        } finally {
          await started.drop();
        }

        const tested = await mustRun('npm', ['test'], { cwd: project, env });
        expect(stripVTControlCharacters(tested)).toMatch(/Tests\s+\d+ passed/);
      },
    );
  });
} else {
  describe(`npm create truss on Node ${process.versions.node}`, () => {
    it('writes the project and says which Node versions Truss supports', async () => {
      const workspace = await mkdtemp(join(tmpdir(), 'truss-create-'));
      try {
        const output = await createTruss(workspace, ['app', '--yes']);
        expect(output).toContain('Note: Truss supports Node.js ^22.12.0 || ^24.0.0');
        expect(existsSync(join(workspace, 'app', 'src', 'server.ts'))).toBe(true);
      } finally {
        await rm(workspace, { recursive: true, force: true });
      }
    });
  });
}
