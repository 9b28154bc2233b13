import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  createFieldCipher,
  createRepositories,
  generateDataKey,
  migrateDown,
  migrateToLatest,
  piiKeyUsage,
  preparePersonalData,
  resealUsers,
} from '../src/index.js';
import { MIGRATIONS } from '../src/migrations/index.js';
import { describeOnEachDatabase } from './databases.js';

const KEY_A = { id: 'key-a', key: generateDataKey() };
const KEY_B = { id: 'key-b', key: generateDataKey() };
const onlyA = createFieldCipher([KEY_A]);
const bThenA = createFieldCipher([KEY_B, KEY_A]);
const onlyB = createFieldCipher([KEY_B]);
/** The migrations from 0050 on, newest first: what undoing 0050 takes. */
const FROM_PII = Object.keys(MIGRATIONS)
  .filter((name) => name >= '0050_pii_at_rest')
  .reverse();

function aUser(tag: string, n: number) {
  return {
    id: randomUUID(),
    email: `${tag}.${n}@example.com`,
    passwordHash: 'hash',
    firstName: `First${tag}${n}`,
    lastName: `Last${tag}${n}`,
    role: 'user' as const,
    createdAt: new Date(Date.UTC(2030, 0, 1, 0, 0, n)),
  };
}

describeOnEachDatabase(
  'personal data at rest',
  (database, kind) => {
    it('upgrades a database of plaintext users: they read and log in at once, then are sealed', async () => {
      const { db } = database();
      await migrateToLatest(db);
      // Back to the schema before 0050, with users written in plaintext by the old code.
      expect((await migrateDown(db, { steps: FROM_PII.length })).map((step) => step.name)).toEqual(FROM_PII);
      const legacy = Array.from({ length: 5 }, (_, n) => aUser('legacy', n));
      for (const u of legacy) {
        await sql`insert into users (id, email, password_hash, first_name, last_name, role) values (${u.id}, ${u.email}, ${u.passwordHash}, ${u.firstName}, ${u.lastName}, ${u.role})`.execute(
          db,
        );
      }
      await migrateToLatest(db);

      const sealed = createRepositories(database(), { cipher: onlyA });
      const found = await sealed.users.findByEmail('LEGACY.3@example.com');
      expect(found).toMatchObject({
        id: legacy[3]?.id,
        email: 'legacy.3@example.com',
        firstName: 'Firstlegacy3',
      });

      let progress: number[] = [];
      expect(
        await resealUsers(database(), onlyA, {
          scope: 'plaintext',
          batchSize: 2,
          onProgress: (p) => {
            progress.push(p.resealed);
            expect(p.total).toBe(5);
          },
        }),
      ).toBe(5);
      expect(progress).toEqual([2, 4, 5]);
      progress = [];
      expect(await resealUsers(database(), onlyA)).toBe(0); // resumable: nothing left

      const rows = await db.selectFrom('users').selectAll().execute();
      for (const u of legacy) {
        const row = rows.find((r) => r.id === u.id);
        expect(row?.pii_key_id).toBe('key-a');
        expect(JSON.stringify(row)).not.toMatch(/legacy|First|Last/);
      }
      expect(await sealed.users.findByEmail('legacy.3@example.com')).toEqual(found);
      // A taken email is still a conflict once its row is sealed.
      await expect(
        sealed.users.create({ ...aUser('x', 0), email: 'legacy.1@example.com' }),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
      // The migration cannot be undone while rows are sealed.
      await expect(migrateDown(db, { steps: FROM_PII.length })).rejects.toThrow();
    });

    it('rotates: sealed under A, B added as current, re-encrypted, A removed, everything still reads', async () => {
      const underA = createRepositories(database(), { cipher: onlyA });
      const users = Array.from({ length: 7 }, (_, n) => aUser(`rot${kind}`, n));
      for (const u of users) await underA.users.create(u);

      // B current, A still in the ring: old rows read and are found, new rows go under B.
      const ring = createRepositories(database(), { cipher: bThenA });
      expect(await ring.users.findByEmail(users[0]?.email ?? '')).toMatchObject({ id: users[0]?.id });
      const late = aUser(`rot${kind}`, 99);
      await ring.users.create(late);
      // Without A, a row sealed under A does not open: a clear internal_error, not ciphertext.
      await expect(
        createRepositories(database(), { cipher: onlyB }).users.findById(users[1]?.id ?? ''),
      ).rejects.toMatchObject({ code: 'internal_error' });

      // Interrupted after the first batch, then run again: it finishes where it stopped.
      await expect(
        resealUsers(database(), bThenA, {
          batchSize: 3,
          onProgress: () => {
            throw new Error('stopped');
          },
        }),
      ).rejects.toThrow('stopped');
      const rest = await resealUsers(database(), bThenA, { batchSize: 3 });
      expect(rest).toBeGreaterThan(0);
      expect(await resealUsers(database(), bThenA)).toBe(0);
      const { n } = await database()
        .db.selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('pii_key_id', '<>', 'key-b')
        .executeTakeFirstOrThrow();
      expect(Number(n)).toBe(0);

      const afterRotation = createRepositories(database(), { cipher: onlyB });
      for (const u of [...users, late]) {
        expect(await afterRotation.users.findByEmail(u.email)).toMatchObject({
          id: u.id,
          email: u.email,
          firstName: u.firstName,
          lastName: u.lastName,
        });
      }
      await expect(
        afterRotation.users.create({ ...aUser('dup', 0), email: users[2]?.email ?? '' }),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
      const page = await afterRotation.userAdmin.list({ emailPrefix: `rot${kind}.`, limit: 3, sort: 'asc' });
      expect(page.items.map((u) => u.email)).toEqual(users.slice(0, 3).map((u) => u.email));
    });

    it('an update writes the row again under the current key, its email index too', async () => {
      const u = aUser(`upd${kind}`, 0);
      await createRepositories(database(), { cipher: onlyA }).users.create(u);
      const ring = createRepositories(database(), { cipher: bThenA });
      const updated = await ring.userAdmin.update(u.id, { lastName: 'Renamed' }, 1);
      expect(updated).toMatchObject({
        email: u.email,
        firstName: u.firstName,
        lastName: 'Renamed',
        version: 2,
      });
      const row = await database()
        .db.selectFrom('users')
        .selectAll()
        .where('id', '=', u.id)
        .executeTakeFirstOrThrow();
      expect(row.pii_key_id).toBe('key-b');
      expect(
        await createRepositories(database(), { cipher: onlyB }).users.findByEmail(u.email),
      ).toMatchObject({
        lastName: 'Renamed',
      });
      await ring.userAdmin.update(u.id, { email: `moved.${u.email}` }, 2);
      expect(await ring.users.findByEmail(u.email)).toBeNull();
      expect(await ring.users.findByEmail(`moved.${u.email}`)).toMatchObject({
        id: u.id,
        lastName: 'Renamed',
      });
      await expect(ring.userAdmin.update(u.id, { firstName: 'Stale' }, 1)).rejects.toMatchObject({
        code: 'conflict',
      });
    });

    it('prepares for serving: seals plaintext users, and refuses a ring that lacks a key in use, naming it', async () => {
      const u = aUser(`prep${kind}`, 0);
      await createRepositories(database(), { cipher: null }).users.create(u);
      const plaintext = (await piiKeyUsage(database())).find((usage) => usage.keyId === null)?.users ?? 0;
      expect(plaintext).toBeGreaterThan(0);
      await createRepositories(database(), { cipher: onlyA }).users.create(aUser(`prep${kind}`, 1));
      // Users under key-a: a ring of B alone must not start.
      await expect(preparePersonalData(database(), onlyB)).rejects.toMatchObject({
        code: 'internal_error',
        message: expect.stringMatching(/missing from the key ring: key-a \(\d+ users\)/),
      });
      // Other tests may have left users under key-b: the full ring holds both, and seals under B.
      expect(await preparePersonalData(database(), bThenA)).toEqual({ sealed: plaintext });
      expect((await piiKeyUsage(database())).find((usage) => usage.keyId === null)).toBeUndefined();
      expect(await createRepositories(database(), { cipher: onlyB }).users.findById(u.id)).toMatchObject({
        email: u.email,
        firstName: u.firstName,
      });
      expect(await preparePersonalData(database(), bThenA)).toEqual({ sealed: 0 });
    });

    it('repositories without a cipher refuse to read a sealed row', async () => {
      const u = aUser(`plain${kind}`, 0);
      await createRepositories(database(), { cipher: onlyA }).users.create(u);
      await expect(
        createRepositories(database(), { cipher: null }).users.findById(u.id),
      ).rejects.toMatchObject({ code: 'internal_error', message: expect.stringMatching(/no field cipher/) });
    });
  },
  { migrate: true },
);
