// docs/getting-started.md, followed as written in an empty folder: its files written, its install
// lines run (the @truss packages from their tarballs, everything else from the npm registry, with
// --engine-strict), `npm start`, then its curl commands against the running server. Each variant
// (Express, PostgreSQL) is then applied on top, as a reader switching would.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@truss/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isSupportedNode } from '../../src/run-create.js';
import { undeclaredImports } from './imports.js';
import { type CodeBlock, codeBlocks } from './markdown.js';
import { prebuildEnv } from './prebuilds.js';
import { mustRun, run, type StartedServer, startServer, userEnv } from './processes.js';
import { ROOT } from './workspace-packages.js';

const guide = await readFile(join(ROOT, 'docs', 'getting-started.md'), 'utf8');
const blocks = codeBlocks(guide);
const { tarballs, prebuilds } = inject('consumer');
const supported = isSupportedNode(process.versions.node);

/** The blocks of one variant: the untagged ones for the page as written, else the ones tagged so. */
function blocksOf(variant: string | null): CodeBlock[] {
  const variants = ['express', 'postgres'];
  return blocks.filter((block) =>
    variant === null ? !variants.some((v) => block.tags.has(v)) : block.tags.has(variant),
  );
}

/** The install lines of `blocks`, each as npm arguments, the @truss packages as their tarballs. */
function installCommands(from: readonly CodeBlock[]): string[][] {
  return from
    .filter((block) => block.tags.has('run'))
    .flatMap((block) => block.text.split('\n').filter((line) => line.trim() !== ''))
    .map((line) => {
      const [npm, ...args] = line.trim().split(/\s+/);
      if (npm !== 'npm' || args[0] !== 'install') throw new Error(`Not an npm install line: ${line}`);
      return args.map((arg) => (arg.startsWith('@truss/') ? (tarballs[arg] ?? arg) : arg));
    });
}

// Only what applies to this Node is declared: a skipped test would fail CI.
if (supported) {
  describe('docs/getting-started.md, followed as written', () => {
    let project: string;
    let database: TestDatabase | undefined;
    const env = userEnv({ ...prebuildEnv(prebuilds), npm_config_engine_strict: 'true' });

    async function apply(variant: string | null): Promise<void> {
      const chosen = blocksOf(variant);
      for (const block of chosen.filter((b) => b.file !== undefined)) {
        const path = join(project, block.file as string);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, block.text);
      }
      for (const args of installCommands(chosen)) {
        await mustRun('npm', args, { cwd: project, env, timeoutMs: 600_000 });
      }
    }

    async function sources(): Promise<string[]> {
      const files = blocks.filter((b) => b.file?.endsWith('.ts')).map((b) => b.file as string);
      return Promise.all([...new Set(files)].map((file) => readFile(join(project, file), 'utf8')));
    }

    /** npm start with PORT=0, then the page's curl commands against it: answers their output. */
    async function startAndTry(extraEnv: Record<string, string> = {}): Promise<{
      server: StartedServer;
      tried: string;
    }> {
      const server = await startServer('npm', ['start'], {
        cwd: project,
        env: { ...env, ...extraEnv, PORT: '0' },
      });
      const script = blocks.find((b) => b.tags.has('try'));
      if (!script) throw new Error('The guide has no `sh try` block');
      const tried = await mustRun(
        'bash',
        ['-eu', '-c', script.text.replaceAll('http://127.0.0.1:3000', server.url)],
        {
          cwd: project,
          env,
        },
      );
      return { server, tried };
    }

    /** The answers the curl block printed: registration, then /users/me. */
    function expectRegisteredAndMe(tried: string, registered = true): void {
      const answers = tried
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      const me = answers.at(-1);
      expect(me, tried).toMatchObject({ email: 'ada@example.com', first_name: 'Ada', role: 'user' });
      expect(me).not.toHaveProperty('password_hash');
      if (registered) expect(answers[0], tried).toMatchObject({ email: 'ada@example.com' });
    }

    beforeAll(async () => {
      project = await mkdtemp(join(tmpdir(), 'truss-guide-'));
    });
    afterAll(async () => {
      await database?.drop();
      await rm(project, { recursive: true, force: true });
    });

    it('installs every package the code imports, and nothing is missing', async () => {
      await apply(null);
      const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
      expect(undeclaredImports(await sources(), manifest)).toEqual([]);
      // The types of every package, checked too (skipLibCheck off), as a strict user would.
      await mustRun('npx', ['tsc', '--noEmit', '--skipLibCheck', 'false'], { cwd: project, env });
    });

    it('starts with npm start, registers, logs in and answers /users/me', async () => {
      const { server, tried } = await startAndTry();
      try {
        expectRegisteredAndMe(tried);
        // An unexpected error (the users table gone): a bare 500 for the client, and its stack in the
        // log under the request id the client got.
        await mustRun(
          'node',
          ['-e', "new (require('better-sqlite3'))('.data/app.db').exec('alter table users rename to gone')"],
          { cwd: project, env },
        );
        const login = await fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery staple' }),
        });
        expect(login.status).toBe(500);
        const body = (await login.json()) as { message: string };
        expect(body).toEqual({ error: 'internal_error', message: expect.any(String) });
        expect(body.message).not.toContain('users'); // no internals for the client
        const requestId = login.headers.get('x-request-id') as string;
        expect(requestId).toBeTruthy();
        const line = await server.waitForLine((l) => l.includes(requestId) && l.includes('"err"'));
        expect(JSON.parse(line)).toMatchObject({
          level: 50,
          requestId,
          msg: 'request failed',
          err: { message: expect.stringContaining('no such table: users'), stack: expect.any(String) },
        });
      } finally {
        await server.stop();
      }
    });

    it('runs on Express the same way', async () => {
      await rm(join(project, '.data', 'app.db'), { force: true });
      await apply('express');
      const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
      expect(undeclaredImports(await sources(), manifest)).toEqual([]);
      await mustRun('npx', ['tsc', '--noEmit', '--skipLibCheck', 'false'], { cwd: project, env });
      const { server, tried } = await startAndTry();
      try {
        expectRegisteredAndMe(tried);
      } finally {
        await server.stop();
      }
    });

    it('runs on PostgreSQL with DATABASE_URL', async () => {
      await apply('postgres');
      database = await createTestDatabase('postgres');
      const { server, tried } = await startAndTry({ DATABASE_URL: database.url });
      try {
        expectRegisteredAndMe(tried);
      } finally {
        await server.stop();
      }
    });
  });
} else {
  describe(`docs/getting-started.md on Node ${process.versions.node}`, () => {
    it('is refused at install with --engine-strict: Truss claims Node 22.12+ and 24 only', async () => {
      const project = await mkdtemp(join(tmpdir(), 'truss-guide-'));
      try {
        await writeFile(join(project, 'package.json'), '{ "name": "my-api", "private": true }\n');
        const [install] = installCommands(blocksOf(null));
        const env = userEnv({ ...prebuildEnv(prebuilds), npm_config_engine_strict: 'true' });
        const result = await run('npm', install as string[], { cwd: project, env });
        expect(result.code).not.toBe(0);
        expect(result.output).toContain('EBADENGINE');
      } finally {
        await rm(project, { recursive: true, force: true });
      }
    });
  });
}
