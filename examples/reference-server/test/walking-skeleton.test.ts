import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { describeWithServices } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, startTestServer, type TestServer } from './helpers.js';

const databases: Array<[TestDatabaseKind, ServiceName[]]> = [
  ['sqlite', []],
  ['postgres', ['postgres']],
  ['mysql', ['mysql']],
];

for (const [kind, needs] of databases) {
  for (const adapter of ['fastify', 'express'] as const) {
    describeWithServices(needs, `reference server: ${adapter} on ${kind}`, () => {
      let t: TestServer;
      beforeAll(async () => {
        t = await startTestServer(kind, adapter);
      });
      afterAll(async () => {
        await t?.stop();
      });

      const alice = { email: 'Alice@Example.com', password: 'correct horse battery staple' };

      it('answers GET /healthz (liveness) and GET /readyz with the database checked', async () => {
        const live = await t.call('GET', '/healthz');
        expect(live.status).toBe(200);
        expect(live.body).toEqual({ status: 'ok' });
        const ready = await t.call('GET', '/readyz');
        expect(ready.status).toBe(200);
        expect(ready.body).toEqual({ status: 'ok', checks: { database: 'ok' } });
      });

      it('registers a user: 201, the public user, never a hash', async () => {
        const res = await t.call('POST', '/api/v1/auth/register', {
          body: { ...alice, first_name: 'Alice' },
        });
        expect(res.status).toBe(201);
        expect(res.body).toEqual({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          email: 'alice@example.com',
          first_name: 'Alice',
          last_name: null,
          role: 'user',
          created_at: expect.any(String),
          updated_at: expect.any(String),
        });
        expect(JSON.stringify(res.body)).not.toMatch(/argon2|password/);
      });

      it('answers 409 conflict for a taken email, whatever its case', async () => {
        const res = await t.call('POST', '/api/v1/auth/register', {
          body: { ...alice, email: 'ALICE@example.com' },
        });
        expect(res.status).toBe(409);
        expect(res.body).toEqual({ error: 'conflict', message: expect.any(String) });
      });

      it('logs in with exactly the response of spec §4.2, and /users/me answers with the Bearer token', async () => {
        const login = await t.call('POST', '/api/v1/auth/login', { body: alice });
        expect(login.status).toBe(200);
        expect(Object.keys(login.body).sort()).toEqual([
          'access_token',
          'expires_in',
          'refresh_token',
          'token_type',
        ]);
        expect(login.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
        expect(login.headers.get('cache-control')).toBe('no-store');
        const me = await t.call('GET', '/api/v1/users/me', { token: login.body.access_token });
        expect(me.status).toBe(200);
        expect(me.body).toMatchObject({ email: 'alice@example.com', role: 'user', first_name: 'Alice' });
      });

      it('answers the same 401 invalid_credentials for a wrong password and an unknown email', async () => {
        const wrong = await t.call('POST', '/api/v1/auth/login', {
          body: { ...alice, password: 'not the password' },
        });
        const unknown = await t.call('POST', '/api/v1/auth/login', {
          body: { email: 'nobody@example.com', password: 'whatever-it-is' },
        });
        expect(wrong.status).toBe(401);
        expect(wrong.body).toEqual({
          error: 'invalid_credentials',
          message: 'Email or password is incorrect',
        });
        expect(unknown.status).toBe(401);
        expect(unknown.body).toEqual(wrong.body);
      });

      it('refuses /users/me without a token (unauthorized) and with a bad one (invalid_token)', async () => {
        const none = await t.call('GET', '/api/v1/users/me');
        expect(none.status).toBe(401);
        expect(none.body.error).toBe('unauthorized');
        const bad = await t.call('GET', '/api/v1/users/me', { token: 'eyJhbGciOiJub25lIn0.e30.' });
        expect(bad.status).toBe(401);
        expect(bad.body.error).toBe('invalid_token');
      });

      it('created the Admin of ADMIN_EMAIL at boot', async () => {
        const login = await t.call('POST', '/api/v1/auth/login', { body: ADMIN });
        expect(login.status).toBe(200);
        const me = await t.call('GET', '/api/v1/users/me', { token: login.body.access_token });
        expect(me.body).toMatchObject({ email: ADMIN.email, role: 'admin' });
      });

      it('rotates refresh tokens and revokes the family when a used one comes back', async () => {
        const login = await t.call('POST', '/api/v1/auth/login', { body: alice });
        const first = login.body.refresh_token;
        const rotated = await t.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: first } });
        expect(rotated.status).toBe(200);
        expect(rotated.body.refresh_token).not.toBe(first);
        const reused = await t.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: first } });
        expect(reused.status).toBe(401);
        expect(reused.body.error).toBe('invalid_token');
        const newest = await t.call('POST', '/api/v1/auth/refresh', {
          body: { refresh_token: rotated.body.refresh_token },
        });
        expect(newest.status).toBe(401);
      });

      it('logs out: 204, and the refresh token stops working', async () => {
        const login = await t.call('POST', '/api/v1/auth/login', { body: alice });
        const out = await t.call('POST', '/api/v1/auth/logout', {
          token: login.body.access_token,
          body: { refresh_token: login.body.refresh_token },
        });
        expect(out.status).toBe(204);
        const after = await t.call('POST', '/api/v1/auth/refresh', {
          body: { refresh_token: login.body.refresh_token },
        });
        expect(after.status).toBe(401);
      });

      it('publishes the public signing keys at /.well-known/jwks.json', async () => {
        const res = await t.call('GET', '/.well-known/jwks.json');
        expect(res.status).toBe(200);
        expect(res.body.keys).toEqual([
          expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' }),
        ]);
        expect(res.body.keys[0]).not.toHaveProperty('d');
      });

      it.each([
        ['malformed JSON', { raw: '{"email": "a@b.c", "password": ' }, 400, 'bad_request'],
        ['wrong types', { body: { email: 42, password: ['x'] } }, 422, 'validation_error'],
        ['missing fields', { body: {} }, 422, 'validation_error'],
        ['no body at all', {}, 422, 'validation_error'],
        [
          'an invalid email',
          { body: { email: 'not-an-email', password: 'long enough password' } },
          422,
          'validation_error',
        ],
        [
          'a short password',
          { body: { email: 'bob@example.com', password: 'short' } },
          422,
          'validation_error',
        ],
        [
          'a 100 KB password',
          { body: { email: 'bob@example.com', password: 'p'.repeat(100_000) } },
          422,
          'validation_error',
        ],
        [
          'a role it may not set',
          { body: { email: 'bob@example.com', password: 'long enough password', role: 'admin' } },
          422,
          'validation_error',
        ],
        [
          'a body over the limit',
          { raw: JSON.stringify({ email: 'bob@example.com', password: 'x'.repeat(2 * 1024 * 1024) }) },
          413,
          'payload_too_large',
        ],
        [
          'a form body',
          { raw: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
          415,
          'unsupported_media_type',
        ],
      ])('answers registration with %s with the documented 4xx', async (_what, options, status, code) => {
        const res = await t.call('POST', '/api/v1/auth/register', options);
        expect(res.status).toBe(status);
        expect(res.body).toEqual({
          error: code,
          message: expect.any(String),
          ...(res.body?.details && { details: expect.any(Array) }),
        });
      });

      it('stored nothing for any of those bad registrations', async () => {
        const res = await t.call('POST', '/api/v1/auth/register', {
          body: { email: 'bob@example.com', password: 'long enough password' },
        });
        expect(res.status).toBe(201);
      });

      it('answers login with bad input with 4xx, never 500', async () => {
        for (const body of [
          { email: 'a@b.c' },
          { email: ['x'], password: {} },
          { email: 'a@b.c', password: 'x'.repeat(5000) },
        ]) {
          const res = await t.call('POST', '/api/v1/auth/login', { body });
          expect(res.status).toBe(422);
        }
        const malformed = await t.call('POST', '/api/v1/auth/login', { raw: '{' });
        expect(malformed.status).toBe(400);
      });
    });
  }
}
