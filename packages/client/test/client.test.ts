import { createAccessTokens } from '@truss/auth';
import { totpCode } from '@truss/auth/mfa';
import { ADMIN, startTestServer, type TestServer } from '@truss/example-reference-server/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrussClient, isTrussClientError, type TrussClient, TrussClientError } from '../src/index.js';
import { cookieJarFetch } from './cookie-jar.js';

const PASSWORD = 'correct horse battery staple';
const REFRESH_PATH = '/api/v1/auth/refresh';

/** The error a promise rejects with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<TrussClientError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  if (!isTrussClientError(error)) throw error;
  return error;
}

/** Reads a text stream to its end. */
async function readAll(stream: ReadableStream<string>): Promise<string> {
  let text = '';
  for await (const chunk of stream as unknown as AsyncIterable<string>) text += chunk;
  return text;
}

describe('@truss/client against the reference server (fastify on SQLite)', () => {
  let t: TestServer;
  let n = 0;
  let productId: string;
  const newEmail = () => `client-${++n}@example.com`;
  const client = (options: Parameters<typeof createTrussClient>[0] = {}) =>
    createTrussClient({ baseUrl: t.server.url, validateResponses: true, ...options });

  /** A registered user, signed in on a client of its own. */
  async function signedIn(options: Parameters<typeof createTrussClient>[0] = {}) {
    const c = client(options);
    const email = newEmail();
    await c.auth.register({ body: { email, password: PASSWORD, first_name: 'Ada' } });
    await c.auth.login({ body: { email, password: PASSWORD } });
    return { client: c, email };
  }

  /**
   * Replaces `c`'s access token with one for the same user and session, signed by the server's key,
   * that expired an hour ago (`token` when `c` has none left).
   */
  async function expireAccessToken(c: TrussClient, token = c.session.accessToken): Promise<void> {
    const claims = JSON.parse(Buffer.from(String(token).split('.')[1] as string, 'base64url').toString());
    const pastTokens = await createAccessTokens({
      keys: [t.signingKey],
      issuer: 'truss',
      audience: 'truss-api',
      clock: { now: () => new Date(Date.now() - 3_600_000) },
    });
    const expired = await pastTokens.issue({ userId: claims.sub, role: claims.role, sessionId: claims.sid });
    c.session.set({ accessToken: expired.token });
  }

  beforeAll(async () => {
    t = await startTestServer('sqlite', 'fastify');
    const admin = client();
    await admin.auth.login({ body: ADMIN });
    productId = (await admin.products.create({ body: { name: 'Bolt', price: '0.10', stock: 1000 } })).id;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('registers, logs in, browses, orders and pays, with every answer matching the contract', async () => {
    const { client: c, email } = await signedIn();
    expect(c.session.isAuthenticated).toBe(true);
    const me = await c.users.me();
    expect(me).toMatchObject({ email, first_name: 'Ada', role: 'user' });

    const page = await c.products.list({ query: { in_stock: 'true', limit: 5, sort: 'created_at' } });
    expect(page.items.map((p) => p.id)).toContain(productId);
    const order = await c.orders.create({ body: { items: [{ product_id: productId, quantity: 3 }] } });
    expect(order).toMatchObject({ status: 'pending', total: '0.30', user_id: me.id });
    const paid = await c.orders.pay({ params: { id: order.id }, body: { payment_token: 'tok_success' } });
    expect(paid.status).toBe('paid');
    expect((await c.orders.list({ query: { status: 'paid' } })).items.map((o) => o.id)).toEqual([order.id]);

    // A 204 answers undefined.
    const other = await c.orders.create({ body: { items: [{ product_id: productId, quantity: 1 }] } });
    expect((await c.orders.cancel({ params: { id: other.id } })).status).toBe('cancelled');
  });

  it('throws TrussClientError with the spec code, status, message and field issues', async () => {
    const { client: c } = await signedIn();
    const forbidden = await failure(c.users.list());
    expect(forbidden).toBeInstanceOf(TrussClientError);
    expect(forbidden).toMatchObject({ code: 'forbidden', status: 403 });
    expect(forbidden.message).not.toBe('');

    const invalid = await failure(
      c.orders.create({ body: { items: [{ product_id: productId, quantity: 0 }] } }),
    );
    expect(invalid).toMatchObject({ code: 'validation_error', status: 422 });
    expect(invalid.fieldIssues.map((issue) => issue.path)).toEqual(['items.0.quantity']);

    expect(await failure(c.orders.get({ params: { id: crypto.randomUUID() } }))).toMatchObject({
      code: 'not_found',
      status: 404,
    });
    expect(
      await failure(client().auth.login({ body: { email: newEmail(), password: PASSWORD } })),
    ).toMatchObject({ code: 'invalid_credentials', status: 401 });
    expect(await failure(client().users.me())).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(
      await failure(c.orders.pay({ params: { id: crypto.randomUUID() }, body: { payment_token: 'x' } })),
    ).toMatchObject({ code: 'not_found' });
  });

  it('answers network_error when nothing listens, and refuses bad options', async () => {
    const closed = createTrussClient({ baseUrl: 'http://127.0.0.1:9' });
    const error = await failure(closed.products.list());
    expect(error).toMatchObject({ code: 'network_error', status: 0 });
    expect(() => createTrussClient({ baseUrl: 'http://127.0.0.1:3000/' })).toThrow(/baseUrl/);
    expect(() => createTrussClient()).toThrow(/baseUrl is required outside a browser/);
  });

  it('streams exports as text', async () => {
    const admin = client();
    await admin.auth.login({ body: ADMIN });
    const csv = await readAll(await admin.exports.orders({ query: { format: 'csv' } }));
    expect(csv.split('\r\n')[0]).toBe(
      'id,user_id,status,total,item_count,tracking_number,created_at,updated_at',
    );
    const ndjson = await readAll(await admin.exports.users({ query: { format: 'ndjson' } }));
    expect(
      ndjson
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).email),
    ).toContain(ADMIN.email);
  });

  it('stores no session for an MFA challenge, and the tokens of the MFA step', async () => {
    const { client: c, email } = await signedIn();
    const { secret } = await c.auth.mfaEnroll();
    const now = Date.now();
    const { recovery_codes } = await c.auth.mfaConfirm({ body: { code: totpCode(secret, now) } });
    expect(recovery_codes).toHaveLength(10);

    const fresh = client();
    const challenge = await fresh.auth.login({ body: { email, password: PASSWORD } });
    if (!('mfa_required' in challenge)) throw new Error('expected an MFA challenge');
    expect(fresh.session.isAuthenticated).toBe(false);
    await fresh.auth.mfaVerify({
      body: { mfa_token: challenge.mfa_token, code: totpCode(secret, now + 30_000) },
    });
    expect(fresh.session.isAuthenticated).toBe(true);
    expect((await fresh.auth.mfaStatus()).enabled).toBe(true);
  });

  describe.each([
    ['memory', undefined],
    ['cookie', cookieJarFetch],
  ] as const)('refresh token in %s', (mode, jar) => {
    it('renews an expired access token with one refresh, however many calls hit 401 at once', async () => {
      const cookies = jar?.();
      const counting = cookies ?? cookieJarFetch();
      const { client: c } = await signedIn({ refreshToken: mode, fetch: counting.fetch });
      if (mode === 'cookie') expect(counting.has('truss_refresh')).toBe(true);
      const changes: Array<string | null> = [];
      c.session.subscribe((token) => changes.push(token));
      await expireAccessToken(c);
      const expired = c.session.accessToken;
      changes.length = 0;

      const results = await Promise.all(Array.from({ length: 12 }, () => c.users.me()));
      expect(new Set(results.map((user) => user.id)).size).toBe(1);
      expect(counting.count(REFRESH_PATH)).toBe(1);
      expect(c.session.accessToken).not.toBe(expired);
      expect(changes).toEqual([c.session.accessToken]);

      // The rotated refresh token is the live one: a second expiry renews once more, with no reuse alarm.
      await expireAccessToken(c);
      await Promise.all([c.orders.list(), c.users.me(), c.products.list()]);
      expect(counting.count(REFRESH_PATH)).toBe(2);
      expect((await c.users.me()).role).toBe('user');
    });

    it('restores the session with refresh(), and ends it on logout', async () => {
      const counting = jar?.() ?? cookieJarFetch();
      const { client: c, email } = await signedIn({ refreshToken: mode, fetch: counting.fetch });
      // A reload: a new client with no access token, the same cookie jar (or the refresh token kept).
      const next = client({ refreshToken: mode, fetch: counting.fetch });
      if (mode === 'memory') {
        next.session.set({
          accessToken: 'none',
          refreshToken: c.session.refreshToken as string,
        });
      }
      await next.auth.refresh();
      expect((await next.users.me()).email).toBe(email);

      const ended: Array<string | null> = [];
      next.session.subscribe((token) => ended.push(token));
      await next.auth.logout();
      expect(next.session.isAuthenticated).toBe(false);
      expect(ended).toEqual([null]);
      if (mode === 'cookie') {
        expect(counting.has('truss_refresh')).toBe(false);
        expect(await failure(next.session.refresh())).toMatchObject({ code: 'unauthorized', status: 401 });
      }
    });
  });

  it('ends the session when the server refuses the refresh, and serves optional routes anonymously', async () => {
    const { client: c } = await signedIn();
    const elsewhere = client({ refreshToken: 'memory' });
    elsewhere.session.set({
      accessToken: c.session.accessToken as string,
      refreshToken: c.session.refreshToken as string,
    });
    await elsewhere.auth.logoutAll();
    expect(elsewhere.session.isAuthenticated).toBe(false);

    const token = c.session.accessToken;
    await expireAccessToken(c);
    const error = await failure(c.users.me());
    expect(error.status).toBe(401);
    expect(c.session.isAuthenticated).toBe(false);

    await expireAccessToken(c, token);
    // The catalogue is public: an expired token whose session is over still lists it.
    expect((await c.products.list()).items.length).toBeGreaterThan(0);
  });
});
