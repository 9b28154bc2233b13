import { createAccessTokens, createAuthService, generateSigningKey } from '@truss/auth';
import { createArgon2Hasher } from '@truss/auth/argon2';
import { createUserAdminService, createUserService, type SalesAnalyticsRepository } from '@truss/core';
import { createFetchHandler, createKernel, defineRoute, json } from '@truss/http';
import { createAuthorizer, toAccessControl } from '@truss/rbac';
import { createDatabase, createRepositories, migrateToLatest, type TrussDatabase } from '@truss/repos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyAuthorizer, createTrussApi, type TrussApiDeps, userRoutes } from '../src/index.js';

// createTrussApi on real repositories (SQLite in memory), served by the kernel's fetch handler.
describe('createTrussApi', () => {
  let database: TrussDatabase;
  let deps: (authorizer?: AnyAuthorizer) => Promise<Pick<TrussApiDeps, 'auth' | 'users'>>;
  let sales: SalesAnalyticsRepository;

  beforeAll(async () => {
    database = await createDatabase('sqlite::memory:');
    await migrateToLatest(database.db);
    const repositories = createRepositories(database);
    sales = repositories.salesAnalytics;
    const hasher = createArgon2Hasher();
    const accessTokens = await createAccessTokens({
      keys: [await generateSigningKey('EdDSA')],
      issuer: 'test',
      audience: 'test',
    });
    const users = createUserService({ users: repositories.users, hasher });
    const auth = createAuthService({
      users: repositories.users,
      refreshTokens: repositories.refreshTokens,
      hasher,
      accessTokens,
    });
    await users.ensureUser({ email: 'admin@example.com', password: 'admin password 1', role: 'admin' });
    const manager = await users.ensureUser({
      email: 'mia@example.com',
      password: 'manager password',
      role: 'manager',
    });
    expect(manager.created).toBe(true);
    deps = async (authorizer = createAuthorizer()) => ({
      auth: { auth, users, accessTokens, cookie: { secure: false } },
      users: {
        users,
        admin: createUserAdminService({
          userAdmin: repositories.userAdmin,
          unitOfWork: repositories.unitOfWork,
          access: toAccessControl(authorizer),
        }),
      },
    });
  });
  afterAll(async () => {
    await database.destroy();
  });

  const serve = (api: ReturnType<typeof createTrussApi>) => {
    const handle = createFetchHandler(createKernel({ ...api }));
    return async (method: string, path: string, options: { body?: unknown; token?: string } = {}) => {
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await handle(
        new Request(`http://api.test${path}`, {
          method,
          headers,
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        }),
      );
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
  };
  const tokenOf = async (call: ReturnType<typeof serve>, email: string, password: string) => {
    const login = await call('POST', '/api/v1/auth/login', { body: { email, password } });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    return login.body.access_token as string;
  };

  it('mounts only the route sets it is given', async () => {
    const api = createTrussApi(await deps());
    expect(api.routes.map((r) => `${r.method} ${r.path}`)).toContain('GET /api/v1/users/me');
    expect(api.routes.some((r) => r.path.startsWith('/api/v1/products'))).toBe(false);
    const call = serve(api);
    expect((await call('GET', '/api/v1/products')).status).toBe(404);
    const token = await tokenOf(call, 'admin@example.com', 'admin password 1');
    expect((await call('GET', '/api/v1/users/me', { token })).body).toMatchObject({ role: 'admin' });
  });

  it('serves the default permission table, and a changed one when given an authorizer', async () => {
    const call = serve(createTrussApi(await deps()));
    const token = await tokenOf(call, 'mia@example.com', 'manager password');
    expect((await call('GET', '/api/v1/users', { token })).status).toBe(403);

    // Managers may list users too: one grant, the same authorizer for the routes and the service.
    const authorizer = createAuthorizer({ extend: { grants: { manager: ['list:user'] } } });
    const changed = serve(createTrussApi({ ...(await deps(authorizer)), authorizer }));
    const list = await changed('GET', '/api/v1/users', { token });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.map((u: { email: string }) => u.email).sort()).toEqual([
      'admin@example.com',
      'mia@example.com',
    ]);
  });

  it('mounts the analytics route when given the sales table: Managers read it, others get 403', async () => {
    expect(createTrussApi(await deps()).routes.some((r) => r.path === '/api/v1/analytics/sales')).toBe(false);
    await sales.recordSale('2030-06-01', '10.05');
    await sales.recordSale('2030-06-01', '0.95');
    const call = serve(createTrussApi({ ...(await deps()), analytics: { sales } }));
    const manager = await tokenOf(call, 'mia@example.com', 'manager password');
    const report = await call('GET', '/api/v1/analytics/sales?from=2030-05-31&to=2030-06-01', {
      token: manager,
    });
    expect(report.body).toEqual({
      from: '2030-05-31',
      to: '2030-06-01',
      days: [
        { day: '2030-05-31', orders: 0, revenue: '0.00' },
        { day: '2030-06-01', orders: 2, revenue: '11.00' },
      ],
      total: { orders: 2, revenue: '11.00' },
    });
    await call('POST', '/api/v1/auth/register', {
      body: { email: 'uli@example.com', password: 'user password 12' },
    });
    const user = await tokenOf(call, 'uli@example.com', 'user password 12');
    const denied = await call('GET', '/api/v1/analytics/sales?from=2030-06-01&to=2030-06-01', {
      token: user,
    });
    expect([denied.status, denied.body.error]).toEqual([403, 'forbidden']);
    // The permission is in the table like any other: one grant opens it to Users.
    const authorizer = createAuthorizer({ extend: { grants: { user: ['read:analytics'] } } });
    const opened = serve(createTrussApi({ ...(await deps(authorizer)), authorizer, analytics: { sales } }));
    expect(
      (await opened('GET', '/api/v1/analytics/sales?from=2030-06-01&to=2030-06-01', { token: user })).status,
    ).toBe(200);
  });

  it('replaces one route by method and path, and adds routes of its own', async () => {
    const me = defineRoute({
      method: 'GET',
      path: '/api/v1/users/me',
      auth: 'required',
      handler: ({ principal }) => json({ id: principal.userId, custom: true }),
    });
    const ping = defineRoute({ method: 'GET', path: '/api/v1/ping', handler: () => json({ pong: true }) });
    const api = createTrussApi({ ...(await deps()), replace: [me], add: [ping] });
    expect(api.routes.filter((r) => r.path === '/api/v1/users/me')).toHaveLength(1);
    const call = serve(api);
    const token = await tokenOf(call, 'admin@example.com', 'admin password 1');
    expect((await call('GET', '/api/v1/users/me', { token })).body).toMatchObject({ custom: true });
    expect((await call('GET', '/api/v1/ping')).body).toEqual({ pong: true });
  });

  it('refuses a replacement that replaces nothing, and a route set given nonsense', async () => {
    const typo = defineRoute({ method: 'GET', path: '/api/v1/user/me', handler: () => json({}) });
    const api = await deps();
    expect(() => createTrussApi({ ...api, replace: [typo] })).toThrow(/not mounted: GET \/api\/v1\/user\/me/);
    expect(() => createTrussApi({ users: 'nope' } as unknown as TrussApiDeps)).toThrow(
      expect.objectContaining({ code: 'validation_error' }),
    );
  });

  it('checks permissions when the routes are built: a misspelt permission in a custom table fails fast', async () => {
    const authorizer = createAuthorizer({ policies: {} });
    const { users } = await deps();
    expect(() => userRoutes({ ...(users as NonNullable<typeof users>), authorizer })).toThrow(TypeError);
  });

  it('guards the cookie routes against other sites, and grants CORS to the allowed origins it is given', async () => {
    const app = 'https://app.example.com';
    const api = createTrussApi({ ...(await deps()), allowedOrigins: [app] });
    expect(api.allowedOrigins).toEqual([app]);
    const handle = createFetchHandler(createKernel({ ...api }));
    const login = await handle(
      new Request('http://api.test/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app },
        body: JSON.stringify({ email: 'mia@example.com', password: 'manager password' }),
      }),
    );
    expect(login.headers.get('access-control-allow-origin')).toBe(app);
    const { refresh_token: token } = (await login.json()) as { refresh_token: string };
    const cookie = `truss_refresh=${token}`;
    const refresh = (headers: Record<string, string>) =>
      handle(
        new Request('http://api.test/api/v1/auth/refresh', {
          method: 'POST',
          headers: { cookie, ...headers },
        }),
      );
    const foreign = await refresh({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: 'forbidden', message: expect.any(String) });
    const allowed = await refresh({ origin: app, 'sec-fetch-site': 'cross-site' });
    expect(allowed.status).toBe(200);
    expect(() => createTrussApi({ ...api, allowedOrigins: ['*'] } as TrussApiDeps)).toThrow(
      expect.objectContaining({ code: 'validation_error' }),
    );
  });
});
