import { randomUUID } from 'node:crypto';
import { generateEncryptionKey } from '@truss/auth';
import { createArgon2Hasher } from '@truss/auth/argon2';
import { runReencryptCli } from '@truss/repos/cli';
import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { describeWithServices } from '@truss/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminAccount, inspect, newOrder, newProduct } from './domain-helpers.js';
import { ADMIN, startTestServer, type TestServer } from './helpers.js';

// Spec §7.3 / ASVS 6.1: emails and names are sealed at rest (AES-256-GCM under a key id), found
// through a keyed blind index, and kept out of the outbox and the audit log. Checked where it
// matters: in the raw tables, after real traffic over HTTP, on every database.

const databases: Array<[TestDatabaseKind, ServiceName[]]> = [
  ['sqlite', []],
  ['postgres', ['postgres']],
  ['mysql', ['mysql']],
];

const PASSWORD = 'correct horse battery staple';
const KEY_A = generateEncryptionKey();
const KEY_B = generateEncryptionKey();
const KEY_C = generateEncryptionKey();

/** Every row of every table, as text (lower-cased), to search for plaintext. */
async function everyRow(t: TestServer, kind: TestDatabaseKind): Promise<string> {
  const db = await inspect(t);
  try {
    const query =
      kind === 'postgres'
        ? sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'`
        : kind === 'mysql'
          ? sql<{
              name: string;
            }>`select table_name as name from information_schema.tables where table_schema = database()`
          : sql<{ name: string }>`select name from sqlite_master where type = 'table'`;
    const tables = (await query.execute(db.db)).rows.map((r) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'users',
        'outbox',
        'audit_log',
        'orders',
        'refresh_tokens',
        'idempotency_keys',
      ]),
    );
    const dump: string[] = [];
    for (const table of tables) {
      const rows = (await sql`select * from ${sql.table(table)}`.execute(db.db)).rows;
      dump.push(`${table}: ${JSON.stringify(rows)}`);
    }
    return dump.join('\n').toLowerCase();
  } finally {
    await db.destroy();
  }
}

async function reencrypt(t: TestServer, keys: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runReencryptCli(['--batch-size', '2'], {
    env: { DATABASE_URL: t.database.url, DATA_ENCRYPTION_KEYS: keys },
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

for (const [kind, needs] of databases) {
  describeWithServices(needs, `personal data at rest on ${kind}`, () => {
    let t: TestServer;
    const tag = randomUUID().slice(0, 8);
    const people = Array.from({ length: 3 }, (_, n) => ({
      email: `Zelda.Quux${n}.${tag}@Example.com`,
      first_name: `Wilhelmina${n}${tag}`,
      last_name: `Fitzgerald${n}${tag}`,
    }));
    const secrets = () => [
      ...people.flatMap((p) => [
        p.email.toLowerCase(),
        p.first_name.toLowerCase(),
        p.last_name.toLowerCase(),
      ]),
      ADMIN.email,
      `ghost.${tag}@example.com`,
      `renamed.${tag}@example.com`,
      `Rosalind${tag}`.toLowerCase(),
    ];
    const login = (email: string, password = PASSWORD, server = t) =>
      server.call('POST', '/api/v1/auth/login', { body: { email, password } });

    beforeAll(async () => {
      t = await startTestServer(kind, 'fastify', { DATA_ENCRYPTION_KEYS: `b:${KEY_B},a:${KEY_A}` });
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('stores no plaintext email or name in any table after registrations, logins, updates and orders', async () => {
      const admin = await adminAccount(t);
      const ids: string[] = [];
      for (const p of people) {
        // With an Idempotency-Key, the answer (the new user's email and names) is kept for a day.
        const res = await t.call('POST', '/api/v1/auth/register', {
          body: { ...p, password: PASSWORD },
          headers: { 'idempotency-key': `register-${people.indexOf(p)}-${tag}` },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body).toMatchObject({ email: p.email.toLowerCase(), first_name: p.first_name });
        ids.push(res.body.id);
      }
      // A retry with the same key replays the sealed answer.
      const first = people[0] as (typeof people)[number];
      const replay = await t.call('POST', '/api/v1/auth/register', {
        body: { ...first, password: PASSWORD },
        headers: { 'idempotency-key': `register-0-${tag}` },
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toMatchObject({ id: ids[0], email: first.email.toLowerCase() });
      // The blind index keeps emails unique, whatever their case.
      const taken = await t.call('POST', '/api/v1/auth/register', {
        body: { email: people[0]?.email.toUpperCase(), password: PASSWORD },
      });
      expect(taken).toMatchObject({ status: 409, body: { error: 'conflict' } });
      // Wrong password, unknown email, then the right password (the email in another case).
      expect((await login(people[0]?.email ?? '', 'wrong password here')).status).toBe(401);
      expect((await login(`ghost.${tag}@example.com`)).status).toBe(401);
      const ok = await login(people[0]?.email.toUpperCase() ?? '');
      expect(ok.status).toBe(200);
      const me = await t.call('GET', '/api/v1/users/me', { token: ok.body.access_token });
      expect(me.body).toMatchObject({
        email: people[0]?.email.toLowerCase(),
        last_name: people[0]?.last_name,
      });
      // An Admin renames and moves a user; the list filters by email prefix (matched after decryption).
      const put = await t.call('PUT', `/api/v1/users/${ids[1]}`, {
        token: admin.token,
        body: { email: `renamed.${tag}@example.com`, first_name: `Rosalind${tag}` },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect((await login(`renamed.${tag}@example.com`)).status).toBe(200);
      expect((await login(people[1]?.email ?? '')).status).toBe(401);
      const listed = await t.call(
        'GET',
        `/api/v1/users?email=${encodeURIComponent(`zelda.quux`)}&limit=100`,
        {
          token: admin.token,
        },
      );
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((u: { id: string }) => u.id).sort()).toEqual([ids[0], ids[2]].sort());
      // An order, so the order tables hold rows that point at the user.
      const product = await newProduct(t, admin);
      await newOrder(
        t,
        { id: ids[0] as string, email: '', role: 'user', token: ok.body.access_token },
        product.id,
      );

      const dump = await everyRow(t, kind);
      expect(dump).toContain(ids[0]); // the rows are there…
      for (const secret of secrets()) expect(dump, secret).not.toContain(secret); // …the PII is not
      expect(dump).not.toMatch(/@example\.com|@truss\.test/);
    });

    it('rotates: a new current key, re-encryption, the old keys removed, and every user still signs in', async () => {
      // Instance 2 of the deployment: C is current, B and A still open what they sealed.
      const second = await startTestServer(
        kind,
        'fastify',
        { DATA_ENCRYPTION_KEYS: `c:${KEY_C},b:${KEY_B},a:${KEY_A}` },
        {},
        t,
      );
      try {
        expect((await login(people[0]?.email ?? '', PASSWORD, second)).status).toBe(200);
      } finally {
        await second.server.close();
      }
      const done = await reencrypt(t, `c:${KEY_C},b:${KEY_B},a:${KEY_A}`);
      expect(done.code, done.err).toBe(0);
      expect(done.out).toMatch(/Done: \d+ users re-encrypted under c/);
      expect(done.out).not.toContain(KEY_C);

      const onlyC = await startTestServer(kind, 'fastify', { DATA_ENCRYPTION_KEYS: `c:${KEY_C}` }, {}, t);
      try {
        for (const email of [people[0]?.email, `renamed.${tag}@example.com`, people[2]?.email, ADMIN.email]) {
          const password = email === ADMIN.email ? ADMIN.password : PASSWORD;
          expect((await login(email ?? '', password, onlyC)).status, email).toBe(200);
        }
      } finally {
        await onlyC.server.close();
      }
      // A ring without the key in use refuses to start rather than serve unreadable users.
      await expect(
        startTestServer(kind, 'fastify', { DATA_ENCRYPTION_KEYS: `b:${KEY_B}` }, {}, t),
      ).rejects.toThrow(/sealed under data keys missing from DATA_ENCRYPTION_KEYS: c/);
      const dump = await everyRow(t, kind);
      for (const secret of secrets()) expect(dump, secret).not.toContain(secret);
    });

    it('seals users written in plaintext before the upgrade when the server starts, and they sign in', async () => {
      const db = await inspect(t);
      const id = randomUUID();
      const email = `legacy.${tag}@example.com`;
      try {
        // A row as the code before 0050 wrote it (the migration indexed it by its plaintext email).
        const hash = await createArgon2Hasher().hash(PASSWORD);
        await sql`insert into users (id, email, password_hash, first_name, last_name, role, email_index) values (${id}, ${email}, ${hash}, ${`Legacyname${tag}`}, ${null}, ${'user'}, ${email})`.execute(
          db.db,
        );
      } finally {
        await db.destroy();
      }
      expect(await everyRow(t, kind)).toContain(email);
      const upgraded = await startTestServer(kind, 'fastify', { DATA_ENCRYPTION_KEYS: `c:${KEY_C}` }, {}, t);
      try {
        const res = await login(email, PASSWORD, upgraded);
        expect(res.status).toBe(200);
        const me = await upgraded.call('GET', '/api/v1/users/me', { token: res.body.access_token });
        expect(me.body).toMatchObject({ id, email, first_name: `Legacyname${tag}` });
      } finally {
        await upgraded.server.close();
      }
      const dump = await everyRow(t, kind);
      expect(dump).not.toContain(email);
      expect(dump).not.toContain(`legacyname${tag}`);
    });
  });
}
