import { request as httpRequest, type IncomingMessage } from 'node:http';
import { silentLogger } from '@truss/core';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { type ChildServer, startChildServer } from './child-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A request whose body arrives in two halves: in flight from its headers until `finish()`. */
function slowRegistration(url: string, email: string) {
  const body = JSON.stringify({ email, password: 'correct horse battery staple' });
  const req = httpRequest(`${url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const answered = new Promise<{ status: number; connection: string | undefined; text: string }>(
    (resolve, reject) => {
      req.on('response', (res: IncomingMessage) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text }),
        );
      });
      req.on('error', reject);
    },
  );
  req.write(body.slice(0, 10));
  return { answered, finish: () => req.end(body.slice(10)) };
}

describe.each(['fastify', 'express'] as const)('graceful shutdown on SIGTERM (%s)', (adapter) => {
  let server: ChildServer | undefined;
  afterEach(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it('stops accepting, finishes the request in flight, loses nothing, and exits 0 without waiting on idle connections', async () => {
    server = await startChildServer({ HTTP_ADAPTER: adapter, SHUTDOWN_TIMEOUT: '8' });
    const { url } = server;
    // An idle keep-alive connection (fetch keeps it in its pool) must not hold the shutdown up.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const slow = slowRegistration(url, 'in-flight@example.com');
    await sleep(300);
    const signalled = performance.now();
    server.child.kill('SIGTERM');
    await sleep(500);
    // No new connection is accepted once the shutdown began.
    await expect(fetch(`${url}/healthz`, { headers: { connection: 'close' } })).rejects.toThrow();
    slow.finish();
    const answer = await slow.answered;
    expect(answer.status).toBe(201);
    expect(answer.connection).toBe('close');
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(performance.now() - signalled).toBeLessThan(5000);
    expect(server.lines.map((line) => line.msg)).toContain('shut down');

    // Nothing lost: the user registered during the shutdown logs in on the next start.
    const next = await startServer(loadConfig({ ...server.env }), silentLogger);
    try {
      const login = await fetch(`${next.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'in-flight@example.com', password: 'correct horse battery staple' }),
      });
      expect(login.status).toBe(200);
    } finally {
      await next.close();
    }
  });

  it('cuts a request still running at SHUTDOWN_TIMEOUT, and exits then', async () => {
    server = await startChildServer({ HTTP_ADAPTER: adapter, SHUTDOWN_TIMEOUT: '1' });
    const slow = slowRegistration(server.url, 'never-finished@example.com');
    const failed = slow.answered.then(
      () => 'answered',
      () => 'cut',
    );
    await sleep(300);
    const signalled = performance.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const took = performance.now() - signalled;
    expect(took).toBeGreaterThan(900);
    expect(took).toBeLessThan(4000);
    expect(await failed).toBe('cut');
    expect(server.lines).toContainEqual(
      expect.objectContaining({ msg: 'requests cut at SHUTDOWN_TIMEOUT', cut: 1 }),
    );
  });
});
