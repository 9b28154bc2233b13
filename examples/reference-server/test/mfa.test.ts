import { REFRESH_COOKIE } from '@truss/api';
import { totpCode } from '@truss/auth/mfa';
import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { describeWithServices } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.js';

const databases: Array<[TestDatabaseKind, ServiceName[]]> = [
  ['sqlite', []],
  ['postgres', ['postgres']],
  ['mysql', ['mysql']],
];
const PASSWORD = 'correct horse battery staple';

for (const [kind, needs] of databases) {
  for (const adapter of ['fastify', 'express'] as const) {
    describeWithServices(needs, `MFA (TOTP): ${adapter} on ${kind}`, () => {
      let t: TestServer;
      beforeAll(async () => {
        t = await startTestServer(kind, adapter);
      });
      afterAll(async () => {
        await t?.stop();
      });

      it('enrolls, challenges at login, accepts each code and recovery code once, and disables', async () => {
        const email = 'mfa@example.com';
        expect(
          (await t.call('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD } })).status,
        ).toBe(201);
        const first = await t.call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
        const token = first.body.access_token;
        expect((await t.call('GET', '/api/v1/auth/mfa', { token })).body).toEqual({
          enabled: false,
          pending: false,
          recovery_codes_left: 0,
        });

        const enroll = await t.call('POST', '/api/v1/auth/mfa/enroll', { token });
        expect(enroll.status).toBe(200);
        const secret: string = enroll.body.secret;
        expect(enroll.body.otpauth_uri).toMatch(
          new RegExp(`^otpauth://totp/Truss:mfa%40example\\.com\\?.*secret=${secret}`),
        );

        const wrong = await t.call('POST', '/api/v1/auth/mfa/confirm', { token, body: { code: '000000' } });
        expect(wrong.status).toBe(422);
        const now = Date.now();
        const confirm = await t.call('POST', '/api/v1/auth/mfa/confirm', {
          token,
          body: { code: totpCode(secret, now) },
        });
        expect(confirm.status).toBe(200);
        const recovery: string[] = confirm.body.recovery_codes;
        expect(recovery).toHaveLength(10);
        expect(new Set(recovery).size).toBe(10);
        expect((await t.call('POST', '/api/v1/auth/mfa/enroll', { token })).status).toBe(409);

        // Login now answers a challenge, not tokens, and sets no cookie.
        const challenge = await t.call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
        expect(challenge.status).toBe(200);
        expect(challenge.body).toEqual({
          mfa_required: true,
          mfa_token: expect.any(String),
          expires_in: 300,
        });
        expect(challenge.headers.getSetCookie().some((c) => c.startsWith(REFRESH_COOKIE))).toBe(false);
        const mfaToken = challenge.body.mfa_token;
        // The challenge is no access token.
        expect((await t.call('GET', '/api/v1/users/me', { token: mfaToken })).body.error).toBe(
          'invalid_token',
        );

        const verify = (body: Record<string, string>) =>
          t.call('POST', '/api/v1/auth/mfa/verify', { body: { mfa_token: mfaToken, ...body } });
        expect((await verify({ code: '123456' })).body.error).toBe('invalid_credentials');
        // The code used to confirm cannot be replayed.
        expect((await verify({ code: totpCode(secret, now) })).status).toBe(401);
        const next = await verify({ code: totpCode(secret, now + 30_000) });
        expect(next.status).toBe(200);
        expect(Object.keys(next.body).sort()).toEqual([
          'access_token',
          'expires_in',
          'refresh_token',
          'token_type',
        ]);
        expect((await verify({ code: totpCode(secret, now + 30_000) })).status).toBe(401);

        const byRecovery = await verify({ recovery_code: (recovery[0] as string).toUpperCase() });
        expect(byRecovery.status).toBe(200);
        expect((await verify({ recovery_code: recovery[0] as string })).status).toBe(401);
        expect((await t.call('GET', '/api/v1/auth/mfa', { token })).body).toEqual({
          enabled: true,
          pending: false,
          recovery_codes_left: 9,
        });

        const disable = await t.call('POST', '/api/v1/auth/mfa/disable', {
          token,
          body: { recovery_code: recovery[1] as string },
        });
        expect(disable.status).toBe(204);
        const plain = await t.call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
        expect(plain.body).toMatchObject({ token_type: 'Bearer' });
      });

      it('refuses bad MFA input with 4xx and never 500', async () => {
        const bodies = [
          {},
          { mfa_token: 'x' },
          { mfa_token: 'x', code: 'x'.repeat(100) },
          { mfa_token: 'not.a.jwt', code: '123456' },
        ];
        const statuses = [];
        for (const body of bodies)
          statuses.push((await t.call('POST', '/api/v1/auth/mfa/verify', { body })).status);
        expect(statuses).toEqual([422, 422, 422, 401]);
        expect((await t.call('POST', '/api/v1/auth/mfa/enroll')).status).toBe(401);
      });
    });
  }
}
