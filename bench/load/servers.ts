// The servers under load: the reference server and a hand-written baseline, each a child process
// pinned to CPU 0 (`taskset -c 0`), on a database prepared here. The load generator (this process)
// runs on CPU 1: the bench scripts start under `taskset -c 1`.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateEncryptionKey, generateSigningKey, type SigningKey } from '@truss/auth';
import pg from 'pg';
import { type Seeded, seed } from './seed.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const SERVER_CPU = process.env.BENCH_SERVER_CPU ?? '0';
export const ADMIN = { email: 'bench-admin@example.com', password: 'bench admin password' };

/** A database for one bench run: a temp SQLite file or a scratch PostgreSQL database. */
export interface BenchDatabase {
  kind: 'sqlite' | 'postgres';
  url: string;
  /** The scratch database's name (PostgreSQL), for statistics. */
  name?: string;
  drop(): Promise<void>;
}

export async function prepareDatabase(kind: 'sqlite' | 'postgres'): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'truss-load-'));
    return {
      kind,
      url: `sqlite:${join(dir, 'truss.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.TRUSS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `truss_load_${process.pid}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A server process under test. */
export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

// The children run from the repository root, where `tsx` is not a dependency: load it from here.
const tsx = import.meta.resolve('tsx');

/** A port nothing listens on now (the server is given it: at LOG_LEVEL=warn it prints no URL). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function spawnPinned(
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // BENCH_SERVER_NODE_ARGS adds Node flags to the servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const node = [process.execPath, ...extra, '--conditions=source', '--import', tsx, ...args];
  const child = spawn('taskset', ['-c', SERVER_CPU, ...node], {
    cwd: root,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Keep draining the pipes so the server never blocks on a full one; keep the start for errors.
  child.stdout?.on('data', (chunk: Buffer) => {
    if (output.length < 100_000) output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    if (output.length < 100_000) output += chunk.toString();
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited before listening:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status < 500) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not answer on ${url} within 120 s:\n${output}`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

/** The keys the reference server signs with; the baseline verifies the same tokens. */
export async function benchKeys(): Promise<{ signing: SigningKey; encryption: string }> {
  return { signing: await generateSigningKey('EdDSA'), encryption: generateEncryptionKey() };
}

/**
 * The reference server (`examples/reference-server/src/main.ts`, Fastify unless `HTTP_ADAPTER` says
 * otherwise) on `database`, at `LOG_LEVEL=warn` unless `BENCH_LOG_LEVEL` says otherwise (a line per
 * request on stdout would measure the pipe to this process).
 */
export async function startTruss(
  database: BenchDatabase,
  keys: { signing: SigningKey; encryption: string },
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const { child, url } = await spawnPinned(['examples/reference-server/src/main.ts'], {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    JWT_KEYS: JSON.stringify([keys.signing]),
    DATA_ENCRYPTION_KEY: keys.encryption,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ACCESS_TOKEN_TTL: '86400',
    // Every request comes from one address: the limits stay on (their cost is measured) but high
    // enough never to answer 429, which would measure refusals instead of answers.
    RATE_LIMIT_API: '10000000',
    RATE_LIMIT_AUTH: '10000000',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ...env,
  });
  return { url, pid: child.pid as number, stop: stopper(child) };
}

/** The hand-written Fastify + jose + kysely server of `baseline-server.ts` on the same database. */
export async function startBaseline(
  database: BenchDatabase,
  keys: { signing: SigningKey },
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const { d: _d, ...publicJwk } = keys.signing;
  const { child, url } = await spawnPinned(['bench/load/baseline-server.ts'], {
    BASELINE_DATABASE_URL: database.url,
    BASELINE_PUBLIC_JWK: JSON.stringify(publicJwk),
    // The reference server's default backlog, so the two differ by their code only.
    LISTEN_BACKLOG: '4096',
    ...env,
  });
  return { url, pid: child.pid as number, stop: stopper(child) };
}

/** The two servers of a comparison, on one seeded database. */
export interface ComparedServers {
  truss: ServerProcess;
  baseline: ServerProcess;
  seeded: Seeded;
}

/**
 * Prepares a database of `kind`, starts the reference server and the baseline on it, seeds it, runs
 * `measure`, and then stops both and drops the database, whatever `measure` did.
 */
export async function withComparedServers<T>(
  kind: 'sqlite' | 'postgres',
  measure: (servers: ComparedServers) => Promise<T>,
): Promise<T> {
  const database = await prepareDatabase(kind);
  const keys = await benchKeys();
  const truss = await startTruss(database, keys);
  const baseline = await startBaseline(database, keys);
  try {
    return await measure({ truss, baseline, seeded: await seed(truss.url) });
  } finally {
    await Promise.all([truss.stop(), baseline.stop()]);
    await database.drop();
  }
}
