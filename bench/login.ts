// Login benchmark (issue: auth token lifecycle).
//
// 1. Baseline: raw argon2id verify throughput, with the server's parameters and the same
//    concurrency, in this process.
// 2. Truss: POST /api/v1/auth/login through the reference server (Fastify, SQLite) over loopback.
//    Target: login throughput within 10% of the baseline (ratio ≥ 0.90).
// 3. A cheap endpoint's p99 latency while logins saturate the CPU, next to its p99 at rest: hashing
//    runs on libuv's thread pool and never blocks the event loop.
//
// Rounds alternate baseline and Truss; the medians are compared. Run: `npx -y pnpm@12.4.2 bench:login`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey } from '@truss/auth';
import { silentLogger } from '@truss/core';
import { loadConfig, startServer } from '@truss/example-reference-server';
import argon2 from 'argon2';
import { fmt, load, median, progress } from './lib.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const PASSWORD = 'correct horse battery staple';
const PARAMS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

async function argon2Throughput(hash: string): Promise<number> {
  const until = Date.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        if (!(await argon2.verify(hash, PASSWORD))) throw new Error('verify failed');
        done++;
      }
    }),
  );
  return done / SECONDS;
}

const dir = await mkdtemp(join(tmpdir(), 'truss-bench-'));
const config = loadConfig({
  NODE_ENV: 'test',
  PORT: '0',
  LOG_LEVEL: 'silent',
  DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
  JWT_KEYS: JSON.stringify([await generateSigningKey('EdDSA')]),
  COOKIE_SECURE: 'false',
});
const server = await startServer(config, silentLogger);
try {
  const email = 'bench@example.com';
  const register = await fetch(`${server.url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (register.status !== 201) throw new Error(`register answered ${register.status}`);
  const hash = await argon2.hash(PASSWORD, PARAMS);
  const loginOptions = {
    url: `${server.url}/api/v1/auth/login`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
    connections: CONCURRENCY,
    seconds: SECONDS,
  };

  console.log(
    `Login benchmark: ${ROUNDS} rounds × ${SECONDS} s, concurrency ${CONCURRENCY}, argon2id m=19456 t=2 p=1`,
  );
  const baseline: number[] = [];
  const truss: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    progress(`round ${round}/${ROUNDS}: raw argon2 verify`);
    baseline.push(await argon2Throughput(hash));
    progress(`round ${round}/${ROUNDS}: POST /api/v1/auth/login`);
    const result = await load(loginOptions);
    if (result.errors > 0 || result.non2xx > 0)
      throw new Error(`login run had ${result.errors} errors, ${result.non2xx} non-2xx`);
    truss.push(result.requestsPerSecond);
  }

  progress('cheap endpoint at rest');
  const cheap = { url: `${server.url}/.well-known/jwks.json`, connections: 1, seconds: SECONDS };
  const idle = await load(cheap);
  progress('cheap endpoint while logins saturate the CPU');
  const [busy] = await Promise.all([load(cheap), load({ ...loginOptions, connections: CONCURRENCY * 2 })]);

  const ratio = median(truss) / median(baseline);
  console.log('');
  console.log(
    `raw argon2 verify        ${fmt(median(baseline), 1)} /s   (rounds: ${baseline.map((v) => fmt(v, 1)).join(', ')})`,
  );
  console.log(
    `Truss login over HTTP    ${fmt(median(truss), 1)} /s   (rounds: ${truss.map((v) => fmt(v, 1)).join(', ')})`,
  );
  console.log(
    `login / argon2 ratio     ${fmt(ratio, 3)}   (target ≥ 0.900: ${ratio >= 0.9 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `cheap endpoint p99       ${fmt(idle.p99, 1)} ms at rest, ${fmt(busy.p99, 1)} ms during logins (p50 ${fmt(idle.p50, 1)} → ${fmt(busy.p50, 1)} ms)`,
  );
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
