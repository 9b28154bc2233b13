import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../connect/create-database.js';
import { createFieldCipher, generateDataKey } from '../crypto/field-cipher.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { createRepositories } from '../repositories/create-repositories.js';
import { runReencryptCli } from './reencrypt-cli.js';

async function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runReencryptCli(argv, { env, stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('truss-reencrypt', () => {
  const A = generateDataKey();
  const B = generateDataKey();
  let dir: string;
  let url: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'truss-reencrypt-'));
    url = `sqlite:${join(dir, 'cli.db')}`;
    const database = await createDatabase(url);
    await migrateToLatest(database.db);
    const { users } = createRepositories(database, { cipher: createFieldCipher([{ id: 'a', key: A }]) });
    for (let n = 0; n < 5; n++) {
      await users.create({
        id: randomUUID(),
        email: `cli${n}@example.com`,
        passwordHash: 'hash',
        firstName: 'Ada',
        lastName: null,
        role: 'user',
      });
    }
    await database.destroy();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('re-encrypts every user under the current key in batches, then finds nothing to do', async () => {
    const env = { DATABASE_URL: url, DATA_ENCRYPTION_KEYS: `b:${B},a:${A}` };
    const status = await run(['--status'], env);
    expect(status).toMatchObject({ code: 0 });
    expect(status.out).toMatch(/^ {2}a: 5 users$/m);
    const done = await run(['--batch-size', '2'], env);
    expect(done.code).toBe(0);
    expect(done.out.match(/^Re-encrypted \d\/5$/gm)).toEqual([
      'Re-encrypted 2/5',
      'Re-encrypted 4/5',
      'Re-encrypted 5/5',
    ]);
    expect(done.out).toMatch(/Done: 5 users re-encrypted under b/);
    expect(`${done.out}${done.err}`).not.toContain(A);
    expect((await run([], env)).out).toContain('Nothing to do: every user is sealed under b.');
    // A may now leave the ring.
    expect((await run(['--status'], { DATABASE_URL: url, DATA_ENCRYPTION_KEYS: `b:${B}` })).out).toMatch(
      /^ {2}b: 5 users$/m,
    );
  });

  it('refuses a ring that misses a key in use, and reads a key file', async () => {
    const other = await run([], { DATABASE_URL: url, DATA_ENCRYPTION_KEY: generateDataKey() });
    expect(other).toMatchObject({ code: 1, err: expect.stringContaining('not in the ring: b') });
    const file = join(dir, 'key');
    await writeFile(file, `${B}\n`);
    const fromFile = await run(['--status', '--key-file', file], { DATABASE_URL: url });
    expect(fromFile).toMatchObject({ code: 1, err: expect.stringContaining('not in the ring: b') });
    expect(fromFile.out).toContain('Current key: default');
  });

  it('explains bad usage with exit code 2 and bad keys with 1', async () => {
    expect(await run(['--batch-size', '0', '--url', url])).toMatchObject({ code: 2 });
    expect(await run(['now'])).toMatchObject({ code: 2 });
    expect(await run([], { DATA_ENCRYPTION_KEYS: `b:${B}` })).toMatchObject({
      code: 2,
      err: expect.stringContaining('no database'),
    });
    const bad = await run([], { DATABASE_URL: url, DATA_ENCRYPTION_KEYS: 'b:short' });
    expect(bad).toMatchObject({ code: 1, err: expect.stringContaining('base64 of 32 bytes') });
    expect(await run([], { DATABASE_URL: url })).toMatchObject({
      code: 1,
      err: expect.stringContaining('no keys'),
    });
  });
});
