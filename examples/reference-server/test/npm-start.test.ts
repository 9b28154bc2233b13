import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `node scripts/start.mjs` (what `npm start` runs) with its output collected. */
function npmStart(env: Record<string, string>) {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const listening = new Promise<string>((resolve, reject) => {
    const check = setInterval(() => {
      const url = /listening on (http:\/\/[\d.:]+)/.exec(output)?.[1];
      if (url) {
        clearInterval(check);
        resolve(url);
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      reject(new Error(`npm start exited (${code}) before listening:\n${output}`));
    });
  });
  return { child, listening, output: () => output };
}

describe('npm start', () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  });

  // One database and one set of development keys for both, as two starts in one checkout share.
  const sharedEnv = () => {
    const dir = mkdtempSync(join(tmpdir(), 'truss-npm-start-'));
    return {
      DATABASE_URL: `sqlite:${join(dir, 'truss.db')}`,
      JWT_KEY_FILE: join(dir, 'jwt-keys.json'),
      DATA_KEY_FILE: join(dir, 'data.key'),
      NODE_ENV: 'development',
      PORT: '',
    };
  };

  it('brings up two starts run at once on ports of their own choosing, on one new database', async () => {
    // Each would migrate the new SQLite file: they take turns, so neither fails half-way.
    const env = sharedEnv();
    const ports = [await freePort(), await freePort()];
    const starts = ports.map((port) => npmStart({ ...env, PORT: String(port) }));
    children.push(...starts.map((s) => s.child));
    const urls = await Promise.all(starts.map((s) => s.listening));
    expect(urls.sort()).toEqual(ports.map((port) => `http://127.0.0.1:${port}`).sort());
    for (const url of urls) expect((await fetch(`${url}/readyz`)).status).toBe(200);
  }, 300_000);

  it('brings up two starts run at once from one checkout, each on its own port, quietly', async () => {
    const env = sharedEnv();
    const a = npmStart(env);
    const b = npmStart(env);
    children.push(a.child, b.child);
    const urls = await Promise.all([a.listening, b.listening]);
    expect(new Set(urls).size).toBe(2);
    for (const url of urls) expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // A token from one is accepted by the other: they agreed on one development key.
    const register = await fetch(`${urls[0]}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'both@example.com', password: 'correct horse battery staple' }),
    });
    expect(register.status).toBe(201);
    const login = await fetch(`${urls[1]}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'both@example.com', password: 'correct horse battery staple' }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const me = await fetch(`${urls[0]}/api/v1/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    // Progress is one line per step, never the build's own output.
    for (const output of [a.output(), b.output()]) {
      const steps = output.split('\n').filter((line) => /^\[\d\/3\]/.test(line));
      expect(steps).toHaveLength(3);
      expect(output).not.toMatch(/tsup|Build success|CLI Building/);
    }
    const waited = [a.output(), b.output()].filter((o) => o.includes('another npm start'));
    expect(waited.length).toBeLessThanOrEqual(1);
  }, 300_000);
});
