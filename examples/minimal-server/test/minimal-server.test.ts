import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMinimalServer } from '../src/server.js';

describe('the minimal server (auth and users on Express and SQLite)', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startMinimalServer>>;
  const call = async (method: string, path: string, options: { body?: unknown; token?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  const login = async (email: string, password: string) => {
    const res = await call('POST', '/api/v1/auth/login', { body: { email, password } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'truss-minimal-'));
    server = await startMinimalServer(`sqlite:${join(dir, 'minimal.db')}`, 0);
    await server.users.ensureUser({
      email: 'mia@example.com',
      password: 'a manager password',
      role: 'manager',
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers, logs in and answers /users/me', async () => {
    const registered = await call('POST', '/api/v1/auth/register', {
      body: { email: 'ada@example.com', password: 'correct horse battery staple', first_name: 'Ada' },
    });
    expect(registered.status).toBe(201);
    const tokens = await login('ada@example.com', 'correct horse battery staple');
    expect(tokens.headers.get('set-cookie')).toMatch(/HttpOnly.*Secure|Secure.*HttpOnly/);
    const me = await call('GET', '/api/v1/users/me', { token: tokens.body.access_token });
    expect(me.body).toMatchObject({ email: 'ada@example.com', first_name: 'Ada', role: 'user' });
  });

  it('lets Managers list users (the changed permission), and not Users', async () => {
    const manager = await login('mia@example.com', 'a manager password');
    const list = await call('GET', '/api/v1/users?sort=created_at', { token: manager.body.access_token });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.map((u: { email: string }) => u.email)).toEqual([
      'mia@example.com',
      'ada@example.com',
    ]);
    const user = await login('ada@example.com', 'correct horse battery staple');
    expect((await call('GET', '/api/v1/users', { token: user.body.access_token })).status).toBe(403);
  });

  it('mounts nothing else', async () => {
    expect((await call('GET', '/api/v1/products')).body).toMatchObject({ error: 'not_found' });
    expect((await call('GET', '/api/v1/orders')).status).toBe(404);
  });
});
