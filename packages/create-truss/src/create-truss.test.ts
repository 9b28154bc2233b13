import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { undeclaredImports } from '../test/consumer/imports.js';
import { parseCreateArgs, UsageError } from './args.js';
import { createProject } from './create-project.js';
import type { ProjectOptions } from './options.js';
import { projectFiles } from './project-files.js';
import { completeOptions } from './prompts.js';
import { isSupportedNode, runCreate } from './run-create.js';
import { THIRD_PARTY_VERSIONS, trussVersions } from './versions.js';

const versions = { ...THIRD_PARTY_VERSIONS, ...trussVersions() };
const base: ProjectOptions = {
  directory: 'my-api',
  name: 'my-api',
  adapter: 'fastify',
  database: 'sqlite',
  routes: [],
};

/** Streams for the prompts: `answers` are typed in, one per line; `printed()` is what was asked. */
function terminal(answers: readonly string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk) => (printed += chunk));
  input.end(answers.map((answer) => `${answer}\n`).join(''));
  return { io: { input, output }, printed: () => printed };
}

describe('the command line', () => {
  it('takes every option as a flag, with the usual names of the databases', () => {
    expect(
      parseCreateArgs([
        'api',
        '--adapter',
        'Express',
        '--database',
        'mariadb',
        '--routes',
        'orders, exports',
      ]),
    ).toEqual({
      directory: 'api',
      adapter: 'express',
      database: 'mysql',
      routes: ['orders', 'exports'],
      yes: false,
      help: false,
    });
    expect(parseCreateArgs(['--database', 'postgresql', '--routes', 'none', '-y'])).toMatchObject({
      database: 'postgres',
      routes: [],
      yes: true,
    });
  });

  it.each([
    [['--adapter', 'koa'], '--adapter koa: choose one of fastify, express'],
    [['--database', 'oracle'], '--database oracle: choose one of sqlite, postgres, mysql'],
    [
      ['--routes', 'products,carts'],
      '--routes: unknown route set carts; choose from products, orders, exports',
    ],
    [['--colour'], "Unknown option '--colour'"],
    [['a', 'b'], 'One directory at most, got 2: a b'],
  ])('refuses %j with a message that says what is accepted', (argv, message) => {
    expect(() => parseCreateArgs(argv)).toThrow(UsageError);
    expect(() => parseCreateArgs(argv)).toThrow(message);
  });
});

describe('the questions', () => {
  it('asks only for what the flags left out; Enter takes the default', async () => {
    const { io, printed } = terminal(['', '3']);
    const options = await completeOptions(parseCreateArgs(['shop', '--routes', 'products']), io);
    expect(options).toEqual({
      directory: 'shop',
      name: 'shop',
      adapter: 'fastify',
      database: 'mysql',
      routes: ['products'],
    });
    expect(printed()).toContain('HTTP framework:');
    expect(printed()).not.toContain('Project folder');
    expect(printed()).not.toContain('Route sets');
  });

  it('asks again after an answer that is not a choice, and takes names as well as numbers', async () => {
    const { io, printed } = terminal(['my-app', 'koa', 'express', 'postgres', 'carts', 'orders']);
    const options = await completeOptions(parseCreateArgs([]), io);
    expect(options).toMatchObject({
      name: 'my-app',
      adapter: 'express',
      database: 'postgres',
      routes: ['orders'],
    });
    expect(printed()).toContain('"koa" is not one of the choices.');
    expect(printed()).toContain('unknown route set carts');
  });

  it('says which flags to pass when the input ends before every answer', async () => {
    const { io } = terminal(['my-app']);
    await expect(completeOptions(parseCreateArgs([]), io)).rejects.toThrow(
      'The input ended before every question was answered: pass --adapter, --database and --routes, or --yes',
    );
  });

  it('asks nothing with --yes: Fastify, SQLite, auth and users in ./truss-app', async () => {
    const { io, printed } = terminal([]);
    expect(await completeOptions(parseCreateArgs(['--yes']), io)).toEqual({
      directory: 'truss-app',
      name: 'truss-app',
      adapter: 'fastify',
      database: 'sqlite',
      routes: [],
    });
    expect(printed()).toBe('');
  });

  it('refuses a folder whose name cannot be a package name', async () => {
    const { io } = terminal([]);
    await expect(completeOptions(parseCreateArgs(['My App', '--yes']), io)).rejects.toThrow(
      '"My App" cannot be a package name',
    );
  });
});

describe('the project', () => {
  it('pins the @truss packages to the versions of this repository', () => {
    const manifest = JSON.parse(projectFiles(base, versions)['package.json'] as string);
    for (const dir of ['api', 'auth', 'core', 'fastify', 'http', 'rbac', 'repos', 'testing']) {
      const { name, version } = JSON.parse(
        readFileSync(fileURLToPath(new URL(`../../${dir}/package.json`, import.meta.url)), 'utf8'),
      );
      expect(manifest.dependencies[name] ?? manifest.devDependencies[name], name).toBe(`^${version}`);
    }
  });

  it('depends on the driver of its database only, and declares every package its code imports', () => {
    for (const database of ['sqlite', 'postgres', 'mysql'] as const) {
      for (const adapter of ['fastify', 'express'] as const) {
        const files = projectFiles({ ...base, adapter, database, routes: ['orders', 'exports'] }, versions);
        const manifest = JSON.parse(files['package.json'] as string);
        const drivers = ['better-sqlite3', 'pg', 'mysql2'].filter((d) => d in manifest.dependencies);
        expect(drivers).toEqual([{ sqlite: 'better-sqlite3', postgres: 'pg', mysql: 'mysql2' }[database]]);
        const sources = Object.entries(files)
          .filter(([path]) => path.endsWith('.ts'))
          .map(([, text]) => text);
        expect(undeclaredImports(sources, manifest), `${adapter} × ${database}`).toEqual([]);
      }
    }
  });

  it('mounts the chosen route sets; orders brings products and a payment provider that declines', () => {
    const plain = projectFiles(base, versions);
    expect(plain['src/app.ts']).not.toContain('products:');
    expect(plain['src/payments.ts']).toBeUndefined();
    const shop = projectFiles({ ...base, routes: ['orders'] }, versions);
    expect(shop['src/app.ts']).toContain('products: { products: createProductService(');
    expect(shop['src/app.ts']).toContain('payments: paymentProvider()');
    expect(shop['src/payments.ts']).toContain("status: 'declined'");
    expect(shop['test/api.test.ts']).toContain("it('lists the orders of the caller'");
  });

  it('claims the Node versions Truss supports', () => {
    expect(JSON.parse(projectFiles(base, versions)['package.json'] as string).engines).toEqual({
      node: '^22.12.0 || ^24.0.0',
    });
    expect(['22.12.0', '22.23.5', '24.0.0'].map(isSupportedNode)).toEqual([true, true, true]);
    expect(['20.19.0', '22.11.0', '23.1.0', '26.0.0'].map(isSupportedNode)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('createProject', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'create-truss-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the project into a new folder', async () => {
    const { files } = await createProject({ ...base, directory: join(dir, 'my-api') }, versions);
    expect(files).toContain('src/server.ts');
    expect(await readdir(join(dir, 'my-api', 'src'))).toEqual(['app.ts', 'main.ts', 'server.ts']);
  });

  it('refuses a folder that is not empty, and writes nothing there', async () => {
    await mkdir(join(dir, 'taken'));
    await writeFile(join(dir, 'taken', 'notes.txt'), 'mine');
    await expect(createProject({ ...base, directory: join(dir, 'taken') }, versions)).rejects.toThrow(
      'is not empty: choose a new folder or empty this one',
    );
    expect(await readdir(join(dir, 'taken'))).toEqual(['notes.txt']);
  });

  it('runs as a command: prints the next steps, or the problem and exit code 1', async () => {
    const out = terminal([]);
    const code = await runCreate([join(dir, 'api'), '--adapter', 'express', '--yes'], out.io);
    expect(code).toBe(0);
    expect(out.printed()).toContain('npm install');
    expect(existsSync(join(dir, 'api', 'package.json'))).toBe(true);
    expect(await readFile(join(dir, 'api', 'src', 'server.ts'), 'utf8')).toContain("from '@truss/express'");

    const again = terminal([]);
    expect(await runCreate([join(dir, 'api'), '--yes'], again.io)).toBe(1);
    expect(again.printed()).toContain('create-truss: ');
    expect(again.printed()).toContain('is not empty');
  });
});
