// The account lifecycle and the session holes of issue 11 (ASVS 4.0.3 L2), over real HTTP on both
// adapters × SQLite, PostgreSQL and MariaDB: change and reset of a password, re-authentication,
// an Admin's MFA reset, the refresh cookie, revocations that hold against a refresh in flight,
// the absolute session lifetime, the lockout, recovery codes.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFRESH_COOKIE } from '@truss/api';
import { totpCode } from '@truss/auth/mfa';
import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { describeWithServices } from '@truss/testing';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminAccount, inspect } from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

const databases: Array<[TestDatabaseKind, ServiceName[]]> = [
  ['sqlite', []],
  ['postgres', ['postgres']],
  ['mysql', ['mysql']],
];

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase here';
const REAUTH_WINDOW = 2;
const SESSION_MAX_AGE = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The reset token of the latest reset email to `to` in `dir`, waiting for the mailer (it sends after answering). */
async function resetTokenMailedTo(dir: string, to: string, after = 0): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
    const mails = await Promise.all(files.map(async (f) => simpleParser(await readFile(join(dir, f)))));
    // The server's consumers mail too (a welcome on registration): only reset mails count here.
    const mine = mails.filter(
      (m) => m.to && JSON.stringify(m.to).includes(to) && m.subject === 'Reset your password',
    );
    if (mine.length > after) {
      const latest = mine.sort((a, b) => Number(a.date) - Number(b.date)).at(-1);
      const token = /^([A-Za-z0-9_-]{43})$/m.exec(latest?.text ?? '')?.[1];
      if (token) return token;
    }
    await sleep(50);
  }
  throw new Error(`no reset email to ${to}`);
}

/** How many reset emails went to `to`. */
async function mailsTo(dir: string, to: string): Promise<number> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
  const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
  return texts.filter((text) => text.includes(to) && /^Subject: Reset your password$/m.test(text)).length;
}

for (const [kind, needs] of databases) {
  for (const adapter of ['fastify', 'express'] as const) {
    describeWithServices(needs, `account lifecycle: ${adapter} on ${kind}`, () => {
      let t: TestServer;
      let mailDir: string;
      let n = 0;
      beforeAll(async () => {
        mailDir = await mkdtemp(join(tmpdir(), 'truss-mail-'));
        t = await startTestServer(kind, adapter, {
          MAIL_DIR: mailDir,
          REAUTH_WINDOW: String(REAUTH_WINDOW),
          TRUST_PROXY: 'true',
          LOGIN_FREE_ATTEMPTS: '100',
          LOGIN_ACCOUNT_FREE_ATTEMPTS: '3',
        });
      });
      afterAll(async () => {
        await t?.stop();
        await rm(mailDir, { recursive: true, force: true });
      });

      async function newUser(password = PASSWORD) {
        const email = `account${++n}-${kind}-${adapter}@example.com`;
        const res = await t.call('POST', '/api/v1/auth/register', { body: { email, password } });
        expect(res.status).toBe(201);
        return { email, id: res.body.id as string };
      }
      const login = (email: string, password = PASSWORD, ip = '192.0.2.10') =>
        t.call('POST', '/api/v1/auth/login', {
          body: { email, password },
          headers: { 'x-forwarded-for': ip },
        });
      const me = (token: string) => t.call('GET', '/api/v1/users/me', { token }).then((r) => r.status);
      const refresh = (refreshToken: string) =>
        t.call('POST', '/api/v1/auth/refresh', { body: { refresh_token: refreshToken } });

      it('changes the password with the current one, revoking every other session and its access tokens', async () => {
        const { email } = await newUser();
        const mine = (await login(email)).body;
        const other = (await login(email)).body;
        const change = (body: unknown) =>
          t.call('POST', '/api/v1/auth/password', { token: mine.access_token, body });

        const wrong = await change({ current_password: 'not my password', new_password: NEW_PASSWORD });
        expect(wrong.status).toBe(422);
        expect(wrong.body).toMatchObject({
          error: 'validation_error',
          details: [{ path: 'current_password', message: expect.any(String) }],
        });
        const common = await change({ current_password: PASSWORD, new_password: 'password123' });
        expect(common.status).toBe(422);
        expect(common.body.details).toEqual([
          { path: 'new_password', message: expect.stringMatching(/common/) },
        ]);
        expect((await t.call('POST', '/api/v1/auth/password', { body: {} })).status).toBe(401);

        const ok = await change({ current_password: PASSWORD, new_password: NEW_PASSWORD });
        expect(ok.status).toBe(204);
        expect(await me(other.access_token)).toBe(401);
        expect((await refresh(other.refresh_token)).status).toBe(401);
        // The caller's own session goes on.
        expect(await me(mine.access_token)).toBe(200);
        expect((await refresh(mine.refresh_token)).status).toBe(200);
        expect((await login(email)).status).toBe(401);
        expect((await login(email, NEW_PASSWORD)).status).toBe(200);
      });

      it('mails a single-use reset token for a known email, answers 202 for any, and resets with it', async () => {
        const { email } = await newUser();
        const session = (await login(email)).body;
        const forgot = (address: string) =>
          t.call('POST', '/api/v1/auth/password/forgot', { body: { email: address } });
        const known = await forgot(email);
        const unknown = await forgot(`nobody-${kind}-${adapter}@example.com`);
        expect(known.status).toBe(202);
        expect(unknown.status).toBe(202);
        expect(unknown.body).toEqual(known.body);
        expect((await forgot('not an email')).status).toBe(422);

        const token = await resetTokenMailedTo(mailDir, email);
        expect(await mailsTo(mailDir, `nobody-${kind}-${adapter}@example.com`)).toBe(0);
        const reset = (body: unknown) => t.call('POST', '/api/v1/auth/password/reset', { body });
        const unknownToken = await reset({ token: 'x'.repeat(43), new_password: NEW_PASSWORD });
        expect(unknownToken.status).toBe(401);
        expect(unknownToken.body.error).toBe('invalid_token');
        // A refused new password leaves the token usable.
        expect((await reset({ token, new_password: 'password123' })).status).toBe(422);
        expect((await reset({ token, new_password: NEW_PASSWORD })).status).toBe(204);
        // Every session ends: refresh tokens and access tokens.
        expect(await me(session.access_token)).toBe(401);
        expect((await refresh(session.refresh_token)).status).toBe(401);
        const again = await reset({ token, new_password: 'yet another new passphrase' });
        expect(again.status).toBe(401);
        expect(again.body.error).toBe('invalid_token');
        expect((await login(email, NEW_PASSWORD)).status).toBe(200);

        // Only the hash is stored, and an expired token says so.
        await forgot(email);
        const second = await resetTokenMailedTo(mailDir, email, 1);
        const db = await inspect(t);
        try {
          const rows = await db.db.selectFrom('password_resets').selectAll().execute();
          expect(rows.some((r) => r.token_hash === second || r.token_hash === token)).toBe(false);
          await db.db
            .updateTable('password_resets')
            .set({ expires_at: kind === 'sqlite' ? '2000-01-01T00:00:00.000Z' : new Date('2000-01-01') })
            .where('used_at', 'is', null)
            .execute();
        } finally {
          await db.destroy();
        }
        const expired = await reset({ token: second, new_password: 'yet another new passphrase' });
        expect(expired.status).toBe(401);
        expect(expired.body.error).toBe('token_expired');
      });

      it('asks for a recent authentication before an email change or MFA enrollment', async () => {
        const { email, id } = await newUser();
        const { access_token: token } = (await login(email)).body;
        const patch = (address: string) =>
          t.call('PUT', `/api/v1/users/${id}`, { token, body: { email: address } });
        // Right after the login, the login is recent enough.
        expect((await patch(`fresh-${email}`)).status).toBe(200);
        await sleep(REAUTH_WINDOW * 1000 + 300);
        const stale = await patch(`stale-${email}`);
        expect(stale.status).toBe(403);
        expect(stale.body.error).toBe('reauthentication_required');
        expect((await t.call('POST', '/api/v1/auth/mfa/enroll', { token })).body.error).toBe(
          'reauthentication_required',
        );
        // Other changes need nothing more.
        expect(
          (await t.call('PUT', `/api/v1/users/${id}`, { token, body: { first_name: 'Ada' } })).status,
        ).toBe(200);
        const reauth = (body: unknown) => t.call('POST', '/api/v1/auth/reauthenticate', { token, body });
        const wrong = await reauth({ password: 'not my password' });
        expect(wrong.status).toBe(422);
        expect(wrong.body.details).toEqual([{ path: 'password', message: expect.any(String) }]);
        expect((await reauth({ password: PASSWORD })).status).toBe(204);
        expect((await patch(`stale-${email}`)).status).toBe(200);

        // With MFA on, a TOTP code re-authenticates too; disabling MFA needs it.
        const enroll = await t.call('POST', '/api/v1/auth/mfa/enroll', { token });
        expect(enroll.status).toBe(200);
        const now = Date.now();
        const confirm = await t.call('POST', '/api/v1/auth/mfa/confirm', {
          token,
          body: { code: totpCode(enroll.body.secret, now) },
        });
        expect(confirm.status).toBe(200);
        await sleep(REAUTH_WINDOW * 1000 + 300);
        const [recoveryCode] = confirm.body.recovery_codes as string[];
        const disable = () =>
          t.call('POST', '/api/v1/auth/mfa/disable', { token, body: { recovery_code: recoveryCode } });
        expect((await disable()).body.error).toBe('reauthentication_required');
        expect((await reauth({ code: totpCode(enroll.body.secret, now + 30_000) })).status).toBe(204);
        expect((await disable()).status).toBe(204);
      });

      it("lets an Admin reset a user's MFA (audited), and nobody else", async () => {
        const { email, id } = await newUser();
        const { access_token: token } = (await login(email)).body;
        const enroll = await t.call('POST', '/api/v1/auth/mfa/enroll', { token });
        const confirm = await t.call('POST', '/api/v1/auth/mfa/confirm', {
          token,
          body: { code: totpCode(enroll.body.secret, Date.now()) },
        });
        expect(confirm.status).toBe(200);
        expect((await login(email)).body.mfa_required).toBe(true);

        const self = await t.call('DELETE', `/api/v1/users/${id}/mfa`, { token });
        expect(self.status).toBe(403);
        const admin = await adminAccount(t);
        const missing = await t.call('DELETE', '/api/v1/users/00000000-0000-4000-8000-000000000000/mfa', {
          token: admin.token,
        });
        expect(missing.status).toBe(404);
        expect((await t.call('DELETE', `/api/v1/users/${id}/mfa`, { token: admin.token })).status).toBe(204);
        const after = await login(email);
        expect(after.status).toBe(200);
        expect(after.body.access_token).toEqual(expect.any(String));
        const db = await inspect(t);
        try {
          const rows = await db.db
            .selectFrom('audit_log')
            .select(['actor_id', 'target_id', 'target_type'])
            .where('action', '=', 'mfa.reset')
            .execute();
          expect(rows).toContainEqual({ actor_id: admin.id, target_id: id, target_type: 'user' });
        } finally {
          await db.destroy();
        }
      });

      it('makes recovery codes of at least 112 random bits', async () => {
        const { email } = await newUser();
        const { access_token: token } = (await login(email)).body;
        const enroll = await t.call('POST', '/api/v1/auth/mfa/enroll', { token });
        const confirm = await t.call('POST', '/api/v1/auth/mfa/confirm', {
          token,
          body: { code: totpCode(enroll.body.secret, Date.now()) },
        });
        const codes: string[] = confirm.body.recovery_codes;
        expect(codes).toHaveLength(10);
        for (const code of codes) {
          // base32: 5 bits a character.
          const characters = code.replace(/-/g, '');
          expect(characters).toMatch(/^[a-z2-7]+$/);
          expect(characters.length * 5).toBeGreaterThanOrEqual(112);
        }
        const challenge = (await login(email)).body;
        const verify = await t.call('POST', '/api/v1/auth/mfa/verify', {
          body: { mfa_token: challenge.mfa_token, recovery_code: (codes[0] as string).toUpperCase() },
        });
        expect(verify.status).toBe(200);
      });

      it('refreshes with the cookie and a body of {}', async () => {
        const { email } = await newUser();
        const first = (await login(email)).body;
        const res = await t.call('POST', '/api/v1/auth/refresh', {
          body: {},
          headers: { cookie: `${REFRESH_COOKIE}=${first.refresh_token}` },
        });
        expect(res.status).toBe(200);
        expect(res.body.access_token).toEqual(expect.any(String));
      });

      it('ends a refresh in flight with the logout, logout-all or reuse detection that races it', async () => {
        const { email } = await newUser();
        const survivors: string[] = [];
        for (let i = 0; i < 12; i++) {
          const session = (await login(email)).body;
          const race =
            i % 3 === 0
              ? t.call('POST', '/api/v1/auth/logout', { token: session.access_token })
              : i % 3 === 1
                ? t.call('POST', '/api/v1/auth/logout-all', { token: session.access_token })
                : refresh(session.refresh_token);
          const [rotated] = await Promise.all([refresh(session.refresh_token), race]);
          for (const answer of [rotated, ...(i % 3 === 2 ? [await race] : [])]) {
            if (answer.status !== 200) continue;
            if ((await refresh(answer.body.refresh_token)).status !== 401) survivors.push(`refresh ${i}`);
            if ((await me(answer.body.access_token)) !== 401) survivors.push(`access ${i}`);
          }
        }
        expect(survivors).toEqual([]);
      });

      it("never refuses the owner's correct password at an address that has not been failing", async () => {
        const { email } = await newUser();
        // An attacker at one address spends the account's free attempts (3): the account is braked.
        for (let i = 0; i < 4; i++)
          expect((await login(email, 'guess guess guess', '203.0.113.1')).status).toBe(401);
        expect((await login(email, PASSWORD, '203.0.113.1')).status).toBe(429);
        // The owner, elsewhere, gets in.
        expect((await login(email, PASSWORD, '198.51.100.7')).status).toBe(200);
        // Another attacking address gets its one check, then is braked too.
        const braked = [];
        for (let i = 0; i < 4; i++) braked.push((await login(email, 'guess again', '203.0.113.2')).status);
        expect(braked[0]).toBe(401);
        expect(braked.slice(1)).toContain(429);
      });
    });

    describeWithServices(needs, `browser sessions: ${adapter} on ${kind}`, () => {
      let t: TestServer;
      beforeAll(async () => {
        t = await startTestServer(kind, adapter, {
          COOKIE_SECURE: 'true',
          REFRESH_TOKEN_IN_BODY: 'false',
          SESSION_MAX_AGE: String(SESSION_MAX_AGE),
        });
      });
      afterAll(async () => {
        await t?.stop();
      });

      it('keeps the refresh token in a __Secure- cookie only, and ends the session SESSION_MAX_AGE after the login', async () => {
        const email = `browser-${kind}-${adapter}@example.com`;
        await t.call('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD } });
        const res = await t.call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
        expect(res.status).toBe(200);
        expect(res.body.refresh_token).toBeUndefined();
        const line = res.headers
          .getSetCookie()
          .find((c) => c.startsWith(`__Secure-${REFRESH_COOKIE}=`)) as string;
        expect(line).toMatch(/; Secure/);
        let cookie = line.split(';')[0] as string;
        const rotate = () => t.call('POST', '/api/v1/auth/refresh', { body: {}, headers: { cookie } });
        const next = await rotate();
        expect(next.status).toBe(200);
        expect(next.body.refresh_token).toBeUndefined();
        cookie = (next.headers.getSetCookie()[0] as string).split(';')[0] as string;
        // The plain name is not read when the cookie is Secure.
        const plain = await t.call('POST', '/api/v1/auth/refresh', {
          body: {},
          headers: { cookie: cookie.replace(`__Secure-${REFRESH_COOKIE}`, REFRESH_COOKIE) },
        });
        expect(plain.status).toBe(401);
        await new Promise((resolve) => setTimeout(resolve, SESSION_MAX_AGE * 1000 + 200));
        const late = await rotate();
        expect(late.status).toBe(401);
        expect(late.body.error).toBe('token_expired');
      });
    });
  }
}
