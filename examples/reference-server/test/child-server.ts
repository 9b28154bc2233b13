import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateEncryptionKey, generateSigningKey } from '@truss/auth';
import { ADMIN } from './helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The reference server as its own process (`src/main.ts` through tsx), as `npm start` runs it. */
export interface ChildServer {
  url: string;
  child: ChildProcess;
  /** Every JSON line the server wrote to stdout so far. */
  lines: Array<Record<string, unknown>>;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The environment it was started with (to start another on the same database). */
  env: Record<string, string>;
}

/**
 * Starts `src/main.ts` in a child process on a fresh SQLite file (unless `env` says otherwise) and
 * waits for its "listening" line.
 */
export async function startChildServer(env: Record<string, string> = {}): Promise<ChildServer> {
  const dir = mkdtempSync(join(tmpdir(), 'truss-child-'));
  const fullEnv: Record<string, string> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'truss.db')}`,
    JWT_KEYS: JSON.stringify([await generateSigningKey('EdDSA')]),
    DATA_ENCRYPTION_KEY: generateEncryptionKey(),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'info',
    ...env,
  };
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...fullEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const text = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        try {
          const line = JSON.parse(text) as Record<string, unknown>;
          lines.push(line);
          if (typeof line.url === 'string' && String(line.msg).includes('listening')) resolve(line.url);
        } catch {
          // not a JSON line
        }
      }
    });
    exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening:\n${stderr}`)));
  });
  return { url, child, lines, exited, env: fullEnv };
}
