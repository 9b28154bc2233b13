import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithServices, describeWithTool, serviceUrl } from '@truss/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { ADMIN, startTestServer, type TestServer } from './helpers.js';

const PASSWORD = 'correct horse battery staple';

/** A pino logger of the server's own settings, writing its lines into an array. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  let text = '';
  const logger = createLogger(
    { LOG_LEVEL: 'info' },
    {
      write(chunk: string) {
        text += chunk;
        for (const line of chunk.split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      },
    },
  );
  return { logger, lines, text: () => text };
}

describe('logs', () => {
  it('carry no secret and no personal data, and every line of a request carries its id', async () => {
    const { logger, lines, text } = capturedLogger();
    const t = await startTestServer('sqlite', 'fastify', {}, {}, undefined, logger);
    try {
      const email = 'grace.hopper@example.com';
      await t.call('POST', '/api/v1/auth/register', {
        body: { email, password: PASSWORD, first_name: 'Grace', last_name: 'Hopper' },
      });
      await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'not the password at all' } });
      const login = await t.call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
      const me = await t.call('GET', '/api/v1/users/me', {
        token: login.body.access_token,
        headers: { cookie: `truss_refresh=${login.body.refresh_token}` },
      });
      expect(me.status).toBe(200);
      const logged = text();
      for (const secret of [
        PASSWORD,
        'not the password',
        email,
        'Grace',
        'Hopper',
        ADMIN.email,
        ADMIN.password,
        login.body.access_token,
        login.body.refresh_token,
      ]) {
        expect(logged).not.toContain(secret);
      }
      const requestLines = lines.filter((line) => line.route !== undefined);
      expect(requestLines.length).toBeGreaterThanOrEqual(4);
      for (const line of requestLines) expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(requestLines.at(-1)).toMatchObject({
        route: '/api/v1/users/me',
        requestId: me.headers.get('x-request-id'),
      });
    } finally {
      await t.stop();
    }
  });

  it('take X-Request-Id from the client only behind a trusted proxy (TRUST_PROXY)', async () => {
    for (const [env, trusted] of [
      [{}, false],
      [{ TRUST_PROXY: 'true' }, true],
    ] as const) {
      const { logger, lines } = capturedLogger();
      const t = await startTestServer('sqlite', 'express', env, {}, undefined, logger);
      try {
        const res = await t.call('GET', '/healthz', { headers: { 'x-request-id': 'lb-7f3a9c' } });
        expect(res.headers.get('x-request-id') === 'lb-7f3a9c').toBe(trusted);
        const line = lines.find((l) => l.route === '/healthz');
        expect(line?.requestId).toBe(res.headers.get('x-request-id'));
      } finally {
        await t.stop();
      }
    }
  });
});

describeWithServices(['postgres'], 'readiness on PostgreSQL', () => {
  it('/readyz names the database when it is down (within the bounded time) and recovers; /healthz stays 200', async () => {
    const { logger, lines } = capturedLogger();
    const t = await startTestServer('postgres', 'fastify', {}, {}, undefined, logger);
    const name = new URL(t.database.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: serviceUrl('postgres') });
    await admin.connect();
    try {
      expect(await t.call('GET', '/readyz')).toMatchObject({
        status: 200,
        body: { status: 'ok', checks: { database: 'ok' } },
      });
      await admin.query(`alter database "${name}" with allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
      const started = performance.now();
      const down = await t.call('GET', '/readyz');
      expect(performance.now() - started).toBeLessThan(5000);
      expect(down).toMatchObject({
        status: 503,
        body: { status: 'error', checks: { database: expect.stringMatching(/unavailable|timeout/) } },
      });
      expect((await t.call('GET', '/healthz')).status).toBe(200);
      // The reason is in the log, on a line with the request's id.
      expect(lines).toContainEqual(
        expect.objectContaining({ check: 'database', requestId: down.headers.get('x-request-id') }),
      );
      await admin.query(`alter database "${name}" with allow_connections true`);
      expect(await t.call('GET', '/readyz')).toMatchObject({
        status: 200,
        body: { checks: { database: 'ok' } },
      });
    } finally {
      await admin.query(`alter database "${name}" with allow_connections true`).catch(() => {});
      await admin.end();
      await t.stop();
    }
  });
});

describe('metrics of the reference server', () => {
  it('counts requests by route template, and asks for METRICS_TOKEN when it is set', async () => {
    const token = 'metrics-token-for-tests';
    const t = await startTestServer('sqlite', 'express', { METRICS_TOKEN: token });
    try {
      await t.call('GET', '/api/v1/products/0b6f0000-0000-4000-8000-000000000000');
      await t.call('GET', '/api/v1/products/another-id-entirely');
      expect((await t.call('GET', '/metrics')).status).toBe(401);
      const res = await fetch(`${t.server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toContain('http_requests_total{method="GET",route="/api/v1/products/:id",status="404"} 2');
      expect(text).not.toContain('another-id-entirely');
    } finally {
      await t.stop();
    }
  });
});

/** The value of the sample `series` (`name{labels}`) in the Prometheus text `text`, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const PUBLISHED = 'events_published_total{event="user.created"}';
const CONSUMED = 'events_consumed_total{consumer="email",event="user.created"}';

async function scrape(t: TestServer): Promise<string> {
  return (await fetch(`${t.server.url}/metrics`)).text();
}

/**
 * Registers a user and answers the metrics once the email consumer has handled its `user.created`
 * and the relay has marked it published (one more of each than before: the Admin's own account,
 * made at start, was the first).
 */
async function registerAndAwaitWelcome(t: TestServer): Promise<{ before: string; after: string }> {
  let before = await scrape(t);
  // The Admin's user.created, published once the workers run: wait until it is through.
  while (sample(before, 'outbox_lag_seconds') !== 0 || !sample(before, CONSUMED)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    before = await scrape(t);
  }
  const reg = await t.call('POST', '/api/v1/auth/register', {
    body: { email: `metrics-${randomUUID()}@example.com`, password: 'a long enough test password' },
  });
  expect(reg.status).toBe(201);
  const done = (text: string, series: string) => (sample(text, series) ?? 0) > (sample(before, series) ?? 0);
  const deadline = Date.now() + 10_000;
  let after = '';
  while (Date.now() < deadline) {
    after = await scrape(t);
    if (done(after, CONSUMED) && done(after, PUBLISHED)) return { before, after };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The email consumer did not report user.created:\n${after}`);
}

describe('event metrics of the reference server', () => {
  it('counts the events it published and each consumer handled, and shows the outbox lag', async () => {
    const t = await startTestServer('sqlite', 'fastify', { WORKERS: 'inline' });
    try {
      const { before, after: text } = await registerAndAwaitWelcome(t);
      expect(sample(text, PUBLISHED)).toBe((sample(before, PUBLISHED) ?? 0) + 1);
      expect(sample(text, CONSUMED)).toBe((sample(before, CONSUMED) ?? 0) + 1);
      expect(sample(text, 'outbox_lag_seconds')).toBe(0);
      expect(text).toContain('# TYPE events_dead_lettered_total counter');
    } finally {
      await t.stop();
    }
  });
});

describeWithTool('promtool', 'apt-get install -y prometheus', 'the reference server /metrics', (promtool) => {
  it('passes promtool check metrics', async () => {
    const t = await startTestServer('sqlite', 'fastify', { WORKERS: 'inline' });
    try {
      await t.call('POST', '/api/v1/auth/login', {
        body: { email: ADMIN.email, password: 'wrong password!' },
      });
      await t.call('GET', '/api/v1/products');
      await registerAndAwaitWelcome(t);
      const file = join(mkdtempSync(join(tmpdir(), 'truss-metrics-')), 'metrics.prom');
      writeFileSync(file, await (await fetch(`${t.server.url}/metrics`)).text());
      expect(() =>
        execFileSync('sh', ['-c', `"${promtool}" check metrics < "${file}"`], { stdio: 'pipe' }),
      ).not.toThrow();
    } finally {
      await t.stop();
    }
  });
});
