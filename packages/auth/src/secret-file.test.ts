import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateEncryptionKeyFile } from './secret-box.js';
import { loadOrCreateKeyFile } from './signing-keys.js';

describe('development secret files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'truss-secrets-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates a key file readable only by its owner, then reads the same keys back', async () => {
    const path = join(dir, 'nested', 'jwt-keys.json');
    const first = await loadOrCreateKeyFile(path, 'ES256');
    expect(first.created).toBe(true);
    expect(first.keys).toEqual([expect.objectContaining({ alg: 'ES256', kty: 'EC' })]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateKeyFile(path)).toEqual({ keys: first.keys, created: false });
  });

  it('creates an encryption key file once and reads it back', async () => {
    const path = join(dir, 'data.key');
    const first = await loadOrCreateEncryptionKeyFile(path);
    expect(first.created).toBe(true);
    expect(Buffer.from(first.key, 'base64')).toHaveLength(32);
    expect((await readFile(path, 'utf8')).trim()).toBe(first.key);
    expect(await loadOrCreateEncryptionKeyFile(path)).toEqual({ key: first.key, created: false });
  });

  it('gives processes creating the file at once one and the same secret', async () => {
    const path = join(dir, 'race', 'jwt-keys.json');
    const results = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKeyFile(path, 'EdDSA')));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    for (const result of results) expect(result.keys).toEqual(results[0]?.keys);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(results[0]?.keys);
  });

  it('refuses a damaged file instead of replacing it', async () => {
    const keys = join(dir, 'bad-keys.json');
    await writeFile(keys, '[]');
    await expect(loadOrCreateKeyFile(keys)).rejects.toMatchObject({ code: 'validation_error' });
    const data = join(dir, 'bad.key');
    await writeFile(data, 'c2hvcnQ=');
    await expect(loadOrCreateEncryptionKeyFile(data)).rejects.toMatchObject({ code: 'validation_error' });
    expect(await readFile(data, 'utf8')).toBe('c2hvcnQ=');
  });
});
