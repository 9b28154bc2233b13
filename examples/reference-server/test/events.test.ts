import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@truss/core';
import type { DeliveredEvent, EventConsumer } from '@truss/events';
import { describeWithServices, serviceUrl } from '@truss/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { startWorkerProcess } from '../src/worker-process.js';
import { startTestServer, type TestServer } from './helpers.js';

const PASSWORD = 'correct horse battery staple';

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A consumer of `user.created` recording what it was handed, shared by every instance. */
function recorder(): { consumer: EventConsumer; seen: DeliveredEvent[] } {
  const seen: DeliveredEvent[] = [];
  return {
    seen,
    consumer: {
      name: 'welcome-test',
      topics: ['user.created'],
      handle: async (event) => void seen.push(event),
    },
  };
}

describe('events configuration', () => {
  const fails = (env: Record<string, string>, variable: string) => {
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(
      new RegExp(`${variable}: is required when EVENTS_TRANSPORT`),
    );
  };

  it('defaults to the memory transport with inline workers', () => {
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({ EVENTS_TRANSPORT: 'memory', WORKERS: 'inline' });
  });

  it('needs REDIS_URL for redis and AMQP_URL for amqp, and checks their schemes', () => {
    fails({ EVENTS_TRANSPORT: 'redis' }, 'REDIS_URL');
    fails({ EVENTS_TRANSPORT: 'amqp' }, 'AMQP_URL');
    expect(() => loadConfig({ NODE_ENV: 'test', EVENTS_TRANSPORT: 'amqp', AMQP_URL: 'http://x' })).toThrow(
      /AMQP_URL: must start with amqp:\/\/ or amqps:\/\/ \(got hidden\)/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', EVENTS_TRANSPORT: 'kafka' })).toThrow(/EVENTS_TRANSPORT/);
    expect(() => loadConfig({ NODE_ENV: 'test', WORKERS: 'sometimes' })).toThrow(/WORKERS/);
    expect(
      loadConfig({
        NODE_ENV: 'test',
        EVENTS_TRANSPORT: 'amqp',
        AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      }),
    ).toMatchObject({
      EVENTS_TRANSPORT: 'amqp',
    });
  });
});

const TRANSPORTS = [
  { kind: 'memory', services: ['postgres'], env: {} },
  { kind: 'redis', services: ['postgres', 'redis'], env: { REDIS_URL: serviceUrl('redis') } },
  { kind: 'amqp', services: ['postgres', 'rabbitmq'], env: { AMQP_URL: serviceUrl('rabbitmq') } },
] as const;

for (const { kind, services, env: serviceEnv } of TRANSPORTS) {
  describeWithServices([...services], `events on ${kind}: two instances with inline workers`, () => {
    const env = { ...serviceEnv, EVENTS_TRANSPORT: kind, WORKERS: 'inline' };
    const { consumer, seen } = recorder();
    let a: TestServer;
    let b: TestServer;
    beforeAll(async () => {
      const redisPrefix = `truss-test-${randomUUID()}:`;
      a = await startTestServer('postgres', 'fastify', env, { redisPrefix, consumers: [consumer] });
      b = await startTestServer('postgres', 'express', env, { redisPrefix, consumers: [consumer] }, a);
    });
    afterAll(async () => {
      await b?.stop();
      await a?.stop();
    });

    it('hands each registration to the consumer once, whichever instance took it', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        const server = i % 2 === 0 ? a : b;
        const registered = await server.call('POST', '/api/v1/auth/register', {
          body: { email: `user${i}@example.com`, password: PASSWORD },
        });
        expect(registered.status).toBe(201);
        ids.push(registered.body.id);
      }
      await until(() => ids.every((id) => seen.some((e) => e.key === id)));
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const id of ids) {
        const events = seen.filter((e) => e.key === id);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          topic: 'user.created',
          payload: { id },
        });
      }
    });
  });
}

for (const { kind, services, env: serviceEnv } of TRANSPORTS.slice(0, 2)) {
  describeWithServices(
    [...services],
    `welcome mail on ${kind}: two instances, the server's own consumers`,
    () => {
      let a: TestServer;
      let b: TestServer;
      let mailDir: string;
      beforeAll(async () => {
        mailDir = await mkdtemp(join(tmpdir(), 'truss-welcome-'));
        const env = { ...serviceEnv, EVENTS_TRANSPORT: kind, WORKERS: 'inline', MAIL_DIR: mailDir };
        const redisPrefix = `truss-test-${randomUUID()}:`;
        a = await startTestServer('postgres', 'fastify', env, { redisPrefix });
        b = await startTestServer('postgres', 'express', env, { redisPrefix }, a);
      });
      afterAll(async () => {
        await b?.stop();
        await a?.stop();
        if (mailDir) await rm(mailDir, { recursive: true, force: true });
      });

      /** The welcome mails written so far, by recipient (not the `.tmp` files being written). */
      async function welcomes(): Promise<string[]> {
        const names = (await readdir(mailDir)).filter((name) => name.endsWith('.eml'));
        const mails = await Promise.all(names.map((name) => readFile(join(mailDir, name), 'utf8')));
        return mails
          .filter((mail) => /^Subject: Welcome to Truss$/m.test(mail))
          .map((mail) => /^To: (.*)$/m.exec(mail)?.[1]?.trim() ?? '');
      }

      it('sends one welcome mail per registration, whichever instance took it', async () => {
        const emails = Array.from({ length: 6 }, (_, i) => `welcome${i}.${kind}@example.com`);
        for (const [i, email] of emails.entries()) {
          const registered = await (i % 2 === 0 ? a : b).call('POST', '/api/v1/auth/register', {
            body: { email, password: PASSWORD },
          });
          expect(registered.status).toBe(201);
        }
        const sent = async () => (await welcomes()).filter((to) => emails.some((e) => to.includes(e)));
        const end = Date.now() + 20_000;
        while ((await sent()).length < emails.length && Date.now() < end) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
        const recipients = await sent();
        for (const email of emails)
          expect(
            recipients.filter((to) => to.includes(email)),
            email,
          ).toHaveLength(1);
      });
    },
  );
}

describeWithServices(['postgres', 'redis'], 'events with WORKERS=off and a worker process', () => {
  const { consumer, seen } = recorder();
  let server: TestServer;
  beforeAll(async () => {
    const env = { REDIS_URL: serviceUrl('redis'), EVENTS_TRANSPORT: 'redis', WORKERS: 'off' };
    server = await startTestServer('postgres', 'fastify', env, {
      redisPrefix: `truss-test-${randomUUID()}:`,
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('relays nothing in the server; the worker relays and consumes', async () => {
    const registered = await server.call('POST', '/api/v1/auth/register', {
      body: { email: 'off@example.com', password: PASSWORD },
    });
    expect(registered.status).toBe(201);
    const prefix = `truss-test-${randomUUID()}`;
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: server.database.url,
      EVENTS_TRANSPORT: 'redis',
      REDIS_URL: serviceUrl('redis'),
      WORKER_PORT: '0',
    });
    // A prefix other than the server's: had the server relayed the event, it would be marked
    // published in the outbox and never reach this worker's streams.
    const worker = await startWorkerProcess(config, silentLogger, { consumers: [consumer], prefix });
    try {
      await until(() => seen.some((e) => e.key === registered.body.id));
      // The worker is scraped and probed like a server (WORKER_PORT): its counters are its own.
      const url = worker.url as string;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(`^events_consumed_total\\{consumer="${consumer.name}",event="user.created"\\} [1-9]`, 'm'),
      );
      expect(metrics).toMatch(/^events_published_total\{event="user.created"\} [1-9]/m);
      expect(metrics).toMatch(/^outbox_lag_seconds /m);
    } finally {
      await worker.stop();
    }
    await expect(fetch(`${worker.url}/healthz`)).rejects.toThrow();
  });
});

/** `npm run events -- …` (src/events-cli.ts through tsx) with `env`; answers its exit code and output. */
async function eventsCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'src/events-cli.ts', ...args],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  return { code, stdout, stderr };
}

for (const { kind, services, env: serviceEnv } of TRANSPORTS.slice(1)) {
  describeWithServices([...services], `the dead-letter command on ${kind}`, () => {
    let heal = false;
    const handled: string[] = [];
    const picky: EventConsumer = {
      name: 'picky',
      topics: ['user.created'],
      async handle(event) {
        if (!heal) throw new Error('the mail server is down');
        handled.push(event.id);
      },
    };
    const prefix = `truss-test-${randomUUID()}:`;
    const env = { ...serviceEnv, EVENTS_TRANSPORT: kind };
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(
        'postgres',
        'fastify',
        { ...env, WORKERS: 'inline' },
        {
          redisPrefix: prefix,
          consumers: [picky],
        },
      );
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('lists the event a consumer gave up on, and replays it once the consumer is healed', async () => {
      const registered = await server.call('POST', '/api/v1/auth/register', {
        body: { email: `dead-${kind}@example.com`, password: PASSWORD },
      });
      expect(registered.status).toBe(201);
      let listed: { code: number; stdout: string; stderr: string } = { code: -1, stdout: '', stderr: '' };
      const end = Date.now() + 30_000;
      while (Date.now() < end) {
        listed = await eventsCli(['dead-letters', 'list', '--prefix', prefix], env);
        if (listed.stdout.includes(registered.body.id)) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(listed.code, listed.stderr).toBe(0);
      // The Admin's own user.created (made at start) is there too: pick this registration's.
      const dead = listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
        .find((d) => d.event.payload.id === registered.body.id);
      expect(dead).toMatchObject({
        consumer: 'picky',
        event: { topic: 'user.created', payload: { id: registered.body.id } },
      });
      // Without the servers' prefix, the command looks elsewhere and finds nothing.
      expect((await eventsCli(['dead-letters', 'list'], env)).stdout).not.toContain(registered.body.id);
      heal = true;
      const replayed = await eventsCli(['dead-letters', 'replay', dead.id, '--prefix', prefix], env);
      expect(replayed.code, replayed.stderr).toBe(0);
      expect(replayed.stdout).toContain('replayed 1 dead letter(s)');
      await until(() => handled.includes(dead.event.id));
      const after = await eventsCli(['dead-letters', 'list', '--prefix', prefix], env);
      expect(after.stdout).not.toContain(registered.body.id);
    });

    it('answers bad usage with exit code 2 and the usage', async () => {
      const bad = await eventsCli(['dead-letters', 'burn'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/usage: npm run events/);
      expect((await eventsCli(['dead-letters', 'list', '--prefix', 'no spaces'], env)).code).toBe(2);
      expect((await eventsCli(['dead-letters', 'list', 'many'], env)).code).toBe(2);
    });
  });
}
