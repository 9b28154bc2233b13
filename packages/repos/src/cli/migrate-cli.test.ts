import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../migrations/index.js';
import { runMigrateCli } from './migrate-cli.js';

async function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMigrateCli(argv, { env, stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('truss-migrate', () => {
  let dir: string;
  let url: string;
  const count = Object.keys(MIGRATIONS).length;
  const last = Object.keys(MIGRATIONS).sort().at(-1) ?? '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'truss-cli-'));
    url = `sqlite:${join(dir, 'cli.db')}`;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs up, status, down and up again on DATABASE_URL', async () => {
    const up = await run(['up'], { DATABASE_URL: url });
    expect(up.code).toBe(0);
    expect(up.out.match(/^Applied /gm)).toHaveLength(count);
    expect((await run(['up', '--url', url])).out).toContain('Already up to date.');
    const status = await run(['status', '--url', url]);
    expect(status.out.match(/^applied {2}\d{4}-/gm)).toHaveLength(count);
    expect((await run(['down', '--url', url])).out).toMatch(new RegExp(`^Reverted ${last}$`, 'm'));
    expect((await run(['status', '--url', url])).out).toMatch(new RegExp(`^pending .* ${last}$`, 'm'));
    expect((await run(['down', '--all', '--url', url])).out.match(/^Reverted /gm)).toHaveLength(count - 1);
    expect((await run(['down', '--url', url])).out).toContain('Nothing to undo.');
  });

  it('explains bad usage with exit code 2', async () => {
    expect(await run([])).toMatchObject({ code: 2, err: expect.stringContaining('no command given') });
    expect(await run(['sideways', '--url', url])).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown command'),
    });
    expect(await run(['up'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('pass --url or set DATABASE_URL'),
    });
    expect((await run(['down', '--steps', '0', '--url', url])).code).toBe(2);
    expect((await run(['up', '--all', '--url', url])).code).toBe(2);
    expect(await run(['--help'])).toMatchObject({
      code: 0,
      out: expect.stringContaining('Usage: truss-migrate'),
    });
  });

  it('fails with exit code 1 and no password for an unreachable server', async () => {
    const result = await run(['status', '--url', 'postgres://app:topsecret@127.0.0.1:1/db']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('Cannot connect to PostgreSQL at 127.0.0.1:1');
    expect(result.err).not.toContain('topsecret');
  });
});
