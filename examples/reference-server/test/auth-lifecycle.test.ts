import { createPublicKey } from 'node:crypto';
import { REFRESH_COOKIE } from '@truss/api';
import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { describeWithServices } from '@truss/testing';
import { createVerifier } from 'fast-jwt';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inspect } from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

const databases: Array<[TestDatabaseKind, ServiceName[]]> = [
  ['sqlite', []],
  ['postgres', ['postgres']],
  ['mysql', ['mysql']],
];

const PASSWORD = 'correct horse battery staple';

function cookieValue(setCookies: string[], name: string): string | undefined {
  const line = setCookies.find((c) => c.startsWith(`${name}=`));
  return line ? decodeURIComponent(line.slice(name.length + 1).split(';')[0] as string) : undefined;
}

for (const [kind, needs] of databases) {
  for (const adapter of ['fastify', 'express'] as const) {
    describeWithServices(needs, `auth lifecycle: ${adapter} on ${kind}`, () => {
      let t: TestServer;
      let n = 0;
      beforeAll(async () => {
        t = await startTestServer(kind, adapter);
      });
      afterAll(async () => {
        await t?.stop();
      });

      async function newUser() {
        const email = `person${++n}@example.com`;
        const res = await t.call('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD } });
        expect(res.status).toBe(201);
        return email;
      }
      const login = (email: string) =>
        t.call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });

      it('sets the refresh token as an HttpOnly, SameSite=Strict cookie scoped to the auth path', async () => {
        const res = await login(await newUser());
        const cookies = res.headers.getSetCookie();
        const line = cookies.find((c) => c.startsWith(`${REFRESH_COOKIE}=`)) as string;
        expect(line).toMatch(/; Max-Age=604800; Path=\/api\/v1\/auth; HttpOnly; SameSite=Strict$/);
        expect(cookieValue(cookies, REFRESH_COOKIE)).toBe(res.body.refresh_token);
      });

      it('refreshes from the cookie alone, rotating the cookie', async () => {
        const first = await login(await newUser());
        const cookie = `${REFRESH_COOKIE}=${first.body.refresh_token}`;
        const res = await t.call('POST', '/api/v1/auth/refresh', { headers: { cookie } });
        expect(res.status).toBe(200);
        expect(Object.keys(res.body).sort()).toEqual([
          'access_token',
          'expires_in',
          'refresh_token',
          'token_type',
        ]);
        expect(cookieValue(res.headers.getSetCookie(), REFRESH_COOKIE)).toBe(res.body.refresh_token);
        expect(res.body.refresh_token).not.toBe(first.body.refresh_token);
        const none = await t.call('POST', '/api/v1/auth/refresh');
        expect(none.status).toBe(401);
        expect(none.body.error).toBe('unauthorized');
      });

      it('lets exactly one of concurrent refreshes with the same token succeed', async () => {
        const { body } = await login(await newUser());
        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            t.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: body.refresh_token } }),
          ),
        );
        expect(results.filter((r) => r.status === 200)).toHaveLength(1);
        expect(results.filter((r) => r.status === 401)).toHaveLength(9);
      });

      it('logs out the session of the access token when no refresh token is sent, and clears the cookie', async () => {
        const { body } = await login(await newUser());
        const out = await t.call('POST', '/api/v1/auth/logout', { token: body.access_token });
        expect(out.status).toBe(204);
        expect(out.headers.getSetCookie().find((c) => c.startsWith(`${REFRESH_COOKIE}=`))).toMatch(
          /Max-Age=0/,
        );
        const after = await t.call('POST', '/api/v1/auth/refresh', {
          body: { refresh_token: body.refresh_token },
        });
        expect(after.status).toBe(401);
      });

      it('logs out everywhere: every session of the user stops refreshing, others are untouched', async () => {
        const email = await newUser();
        const a = await login(email);
        const b = await login(email);
        const stranger = await login(await newUser());
        const out = await t.call('POST', '/api/v1/auth/logout-all', { token: a.body.access_token });
        expect(out.status).toBe(204);
        for (const session of [a, b]) {
          const res = await t.call('POST', '/api/v1/auth/refresh', {
            body: { refresh_token: session.body.refresh_token },
          });
          expect(res.status).toBe(401);
        }
        const other = await t.call('POST', '/api/v1/auth/refresh', {
          body: { refresh_token: stranger.body.refresh_token },
        });
        expect(other.status).toBe(200);
        expect((await t.call('POST', '/api/v1/auth/logout-all')).status).toBe(401);
      });

      it('ends access tokens at once on logout, reuse detection and logout-all', async () => {
        const email = await newUser();
        const a = await login(email);
        const b = await login(email);
        const me = (token: string) => t.call('GET', '/api/v1/users/me', { token }).then((r) => r.status);
        expect(await me(a.body.access_token)).toBe(200);
        await t.call('POST', '/api/v1/auth/logout', { token: a.body.access_token });
        expect(await me(a.body.access_token)).toBe(401);
        expect(await me(b.body.access_token)).toBe(200);
        // A stolen refresh token comes back: the family's access tokens die with it.
        const rotated = await t.call('POST', '/api/v1/auth/refresh', {
          body: { refresh_token: b.body.refresh_token },
        });
        await t.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: b.body.refresh_token } });
        expect(await me(rotated.body.access_token)).toBe(401);
        const c = await login(email);
        await t.call('POST', '/api/v1/auth/logout-all', { token: c.body.access_token });
        expect(await me(c.body.access_token)).toBe(401);
        // A new login right after works: its token is not caught by the revocation.
        const d = await login(email);
        expect(await me(d.body.access_token)).toBe(200);
      });

      it('answers token_expired for an expired access token and invalid_token for a foreign one', async () => {
        const { kid, alg, ...material } = t.signingKey;
        const key = await importJWK({ ...material, alg }, alg);
        const now = Math.floor(Date.now() / 1000);
        const sign = (issuer: string) =>
          new SignJWT({ role: 'admin' })
            .setProtectedHeader({ alg, kid })
            .setSubject('00000000-0000-4000-8000-000000000000')
            .setIssuer(issuer)
            .setAudience('truss-api')
            .setJti('x')
            .setIssuedAt(now - 3600)
            .setExpirationTime(now - 60)
            .sign(key);
        const expired = await t.call('GET', '/api/v1/users/me', { token: await sign('truss') });
        expect(expired.status).toBe(401);
        expect(expired.body.error).toBe('token_expired');
        const foreign = await t.call('GET', '/api/v1/users/me', { token: await sign('someone-else') });
        expect(foreign.status).toBe(401);
        expect(foreign.body.error).toBe('invalid_token');
      });

      it('issues access tokens that another JWT library verifies from the JWKS endpoint', async () => {
        const { body } = await login(await newUser());
        const jwks = (await t.call('GET', '/.well-known/jwks.json')).body.keys as Array<
          Record<string, string>
        >;
        const header = JSON.parse(Buffer.from(body.access_token.split('.')[0], 'base64url').toString());
        const jwk = jwks.find((k) => k.kid === header.kid) as Record<string, string>;
        const pem = createPublicKey({ key: jwk, format: 'jwk' })
          .export({ type: 'spki', format: 'pem' })
          .toString();
        const verify = createVerifier({
          key: pem,
          algorithms: ['EdDSA'],
          allowedIss: 'truss',
          allowedAud: 'truss-api',
        });
        const claims = verify(body.access_token);
        expect(claims).toMatchObject({
          role: 'user',
          iss: 'truss',
          aud: 'truss-api',
          sub: expect.any(String),
          jti: expect.any(String),
        });
        expect(claims.exp - claims.iat).toBe(900);
      });

      it('throttles repeated failed logins with 429 rate_limited and Retry-After', async () => {
        const email = await newUser();
        for (let i = 0; i < 6; i++) {
          const res = await t.call('POST', '/api/v1/auth/login', {
            body: { email, password: 'wrong wrong wrong' },
          });
          expect(res.status).toBe(401);
        }
        const blocked = await login(email);
        expect(blocked.status).toBe(429);
        expect(blocked.body.error).toBe('rate_limited');
        expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      });

      it('writes logins, failed logins, refresh-token reuse and logout-all to the audit log', async () => {
        const email = await newUser();
        await t.call('POST', '/api/v1/auth/login', { body: { email, password: 'not the password' } });
        await t.call('POST', '/api/v1/auth/login', {
          body: { email: 'ghost@example.com', password: 'whatever it is' },
        });
        const ok = await login(email);
        const { body: next } = await t.call('POST', '/api/v1/auth/refresh', {
          body: { refresh_token: ok.body.refresh_token },
        });
        await t.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: ok.body.refresh_token } });
        await t.call('POST', '/api/v1/auth/logout-all', { token: (await login(email)).body.access_token });
        expect(next.token_type).toBe('Bearer');
        const me = (
          await t.call('GET', '/api/v1/users/me', { token: (await login(email)).body.access_token })
        ).body.id;
        const db = await inspect(t);
        try {
          const rows = await db.db
            .selectFrom('audit_log')
            .select(['action', 'actor_id', 'details', 'ip'])
            .where('action', 'like', 'auth.%')
            .orderBy('created_at')
            .execute();
          const mine = rows.filter((r) => r.actor_id === me).map((r) => r.action);
          expect(mine).toEqual([
            'auth.login_failed',
            'auth.login',
            'auth.refresh_reuse',
            'auth.login',
            'auth.logout_all',
            'auth.login',
          ]);
          const ghost = rows.find((r) => r.action === 'auth.login_failed' && r.actor_id === null);
          // An unknown email is recorded as a failure without an actor, and without the email (no PII).
          expect(ghost).toBeDefined();
          expect(JSON.stringify(rows)).not.toContain('ghost@example.com');
          expect(rows.every((r) => r.action !== 'auth.login' || r.ip !== null)).toBe(true);
        } finally {
          await db.destroy();
        }
      });

      it('refuses a common password at registration with a field detail', async () => {
        const res = await t.call('POST', '/api/v1/auth/register', {
          body: { email: 'common@example.com', password: 'password123' },
        });
        expect(res.status).toBe(422);
        expect(res.body.details).toEqual([
          { path: 'password', message: expect.stringMatching(/too common/) },
        ]);
      });
    });
  }
}
