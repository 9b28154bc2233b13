// Authenticated read: Truss's kernel on Fastify against the same work written by hand in Fastify.
//
// Baseline: a hand-written Fastify route that verifies the Bearer JWT with jose (EdDSA) and answers
// a small JSON object. Truss: the same route declared with `defineRoute({ auth: 'required' })`,
// served by `@truss/fastify`, authenticated by `@truss/auth` — once with its verified-token cache
// (the default) and once with the cache off (to show the kernel's own overhead).
// Rounds alternate; the medians are compared. Run: `npx -y pnpm@12.4.2 bench:http`.
import type { AddressInfo } from 'node:net';
import { createAccessTokens, generateSigningKey, type SigningKey } from '@truss/auth';
import { registerKernel } from '@truss/fastify';
import { createKernel, defineRoute, json } from '@truss/http';
import Fastify, { type FastifyInstance } from 'fastify';
import { importJWK, jwtVerify } from 'jose';
import { fmt, load, median, progress } from './lib.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ISSUER = 'bench';
const AUDIENCE = 'bench-api';
const profile = (userId: string) => ({ id: userId, email: 'ada@example.com', role: 'user' });

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/me`;
}

async function handWritten(key: SigningKey): Promise<FastifyInstance> {
  const { d: _d, kid: _kid, ...publicJwk } = key;
  const publicKey = await importJWK(publicJwk, key.alg);
  const app = Fastify();
  app.get('/me', async (request, reply) => {
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer '))
      return reply.code(401).send({ error: 'unauthorized', message: 'Authentication required' });
    try {
      const { payload } = await jwtVerify(header.slice(7), publicKey, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [key.alg],
      });
      return profile(String(payload.sub));
    } catch {
      return reply.code(401).send({ error: 'invalid_token', message: 'Access token is not valid' });
    }
  });
  return app;
}

async function truss(key: SigningKey, cacheSize: number): Promise<FastifyInstance> {
  const tokens = await createAccessTokens({ keys: [key], issuer: ISSUER, audience: AUDIENCE, cacheSize });
  const kernel = createKernel({
    routes: [
      defineRoute({
        method: 'GET',
        path: '/me',
        auth: 'required',
        handler: ({ principal }) => json(profile(principal.userId)),
      }),
    ],
    authenticate: async (token) => tokens.verify(token),
  });
  const app = Fastify();
  registerKernel(app, kernel);
  return app;
}

const key = await generateSigningKey('EdDSA');
const issuer = await createAccessTokens({
  keys: [key],
  issuer: ISSUER,
  audience: AUDIENCE,
  ttlSeconds: 3600,
});
const { token } = await issuer.issue({ userId: '6f1f5c2e-8d1e-4c1a-9f7e-0b8c7d6e5f4a', role: 'user' });
const servers = {
  'hand-written Fastify + jose': await handWritten(key),
  'Truss kernel on Fastify': await truss(key, 10_000),
  'Truss kernel, verify cache off': await truss(key, 0),
};
const urls: Record<string, string> = Object.fromEntries(
  await Promise.all(Object.entries(servers).map(async ([name, app]) => [name, await listen(app)] as const)),
);
const results: Record<string, number[]> = Object.fromEntries(Object.keys(servers).map((name) => [name, []]));
try {
  for (const url of Object.values(urls)) {
    const check = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (check.status !== 200) throw new Error(`${url} answered ${check.status}`);
  }
  console.log(`Authenticated read: ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, url] of Object.entries(urls)) {
      progress(`round ${round}/${ROUNDS}: ${name}`);
      const run = await load({
        url,
        headers: { authorization: `Bearer ${token}` },
        connections: CONNECTIONS,
        seconds: SECONDS,
      });
      if (run.errors > 0 || run.non2xx > 0)
        throw new Error(`${name}: ${run.errors} errors, ${run.non2xx} non-2xx`);
      results[name]?.push(run.requestsPerSecond);
    }
  }
  const baseline = median(results['hand-written Fastify + jose'] as number[]);
  console.log('');
  for (const [name, values] of Object.entries(results)) {
    const m = median(values);
    console.log(
      `${name.padEnd(32)} ${fmt(m).padStart(7)} req/s   ratio ${fmt(m / baseline, 3)}   (rounds: ${values.map((v) => fmt(v)).join(', ')})`,
    );
  }
} finally {
  await Promise.all(Object.values(servers).map((app) => app.close()));
}
