import type { TrussDatabase } from '@truss/repos';
import type { ServiceName, TestDatabaseKind } from '@truss/testing';
import { describeWithServices } from '@truss/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Account, adminAccount, inspect, newAccount } from './domain-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

// Issue 11: the only Admin could demote itself, or delete itself (204, no Admin left). 409
// `conflict` instead — also when two Admins demote each other at the same moment.
const targets: Array<[TestDatabaseKind, ServiceName[], 'fastify' | 'express']> = [
  ['postgres', ['postgres'], 'fastify'],
  ['mysql', ['mysql'], 'express'],
  ['sqlite', [], 'fastify'],
];

for (const [kind, needs, adapter] of targets)
  describeWithServices(needs, `the last Admin: ${adapter} on ${kind}`, () => {
    let t: TestServer;
    let db: TrussDatabase;
    let admin: Account;

    beforeAll(async () => {
      t = await startTestServer(kind, adapter);
      db = await inspect(t);
      admin = await adminAccount(t);
    });
    afterAll(async () => {
      await db?.destroy();
      await t?.stop();
    });

    const admins = async () =>
      (await db.db.selectFrom('users').select('id').where('role', '=', 'admin').execute()).map((r) => r.id);

    it('refuses to demote or delete the only Admin with 409 conflict', async () => {
      expect(await admins()).toEqual([admin.id]);
      const demote = await t.call('PUT', `/api/v1/users/${admin.id}`, {
        token: admin.token,
        body: { role: 'user' },
      });
      expect(demote.status).toBe(409);
      expect(demote.body.error).toBe('conflict');
      const remove = await t.call('DELETE', `/api/v1/users/${admin.id}`, { token: admin.token });
      expect(remove.status).toBe(409);
      expect(remove.body.error).toBe('conflict');
      expect(await admins()).toEqual([admin.id]);
      // Changing the Admin's own name is still fine.
      const rename = await t.call('PUT', `/api/v1/users/${admin.id}`, {
        token: admin.token,
        body: { first_name: 'Ada' },
      });
      expect(rename.status).toBe(200);
    });

    it('lets an Admin step down or be deleted while another Admin stays', async () => {
      const other = await newAccount(t, admin, 'admin');
      const down = await t.call('PUT', `/api/v1/users/${other.id}`, {
        token: other.token,
        body: { role: 'user' },
      });
      expect(down.status).toBe(200);
      const again = await newAccount(t, admin, 'admin');
      expect((await t.call('DELETE', `/api/v1/users/${again.id}`, { token: admin.token })).status).toBe(204);
      expect(await admins()).toEqual([admin.id]);
    });

    it('never leaves zero Admins when two Admins demote each other, or themselves, at once', async () => {
      let current = admin;
      for (let round = 0; round < 6; round++) {
        const other = await newAccount(t, current, 'admin');
        const pair = [current, other] as const;
        const answers = await Promise.all(
          pair.map((me, i) => {
            const target = round % 2 === 0 ? pair[1 - i] : me; // each other, then each itself
            return t.call('PUT', `/api/v1/users/${(target as Account).id}`, {
              token: me.token,
              body: { role: 'user' },
            });
          }),
        );
        for (const a of answers) expect([200, 401, 403, 409], JSON.stringify(a.body)).toContain(a.status);
        const left = await admins();
        expect(left.length).toBeGreaterThanOrEqual(1);
        expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(1);
        // Carry on with the Admin that is left (its token is still an Admin's).
        current = pair.find((p) => left.includes(p.id)) as Account;
      }
    });
  });
