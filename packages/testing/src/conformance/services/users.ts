import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { codeOf, type ServiceContext } from './shared.js';

/** UserService (registration) and UserAdminService (list, get, update, delete) on real repositories. */
export function userServiceConformance(ctx: ServiceContext): void {
  describe('users', () => {
    it('registers with a normalized email and role user, hashed; a taken email is a conflict', async () => {
      const { users, repos } = ctx.get();
      const email = `ada-${randomUUID()}@example.com`;
      const ada = await users.register({
        email: `  ${email.toUpperCase()} `,
        password: 'correct horse battery',
      });
      expect(ada).toMatchObject({ email, role: 'user', firstName: null });
      expect(ada.passwordHash).not.toContain('correct horse');
      expect(await codeOf(users.register({ email, password: 'another password' }))).toBe('conflict');
      expect(await codeOf(users.register({ email: 'not an email', password: 'x' }))).toBe('validation_error');
      expect((await repos.users.findByEmail(email))?.id).toBe(ada.id);
    });

    it('leaves an existing user as it is in ensureUser', async () => {
      const { users } = ctx.get();
      const email = `boot-${randomUUID()}@example.com`;
      const first = await users.ensureUser({ email, password: 'first password', role: 'admin' });
      const again = await users.ensureUser({ email, password: 'other password', role: 'user' });
      expect([first.created, again.created]).toEqual([true, false]);
      expect(again.user).toMatchObject({
        id: first.user.id,
        role: 'admin',
        passwordHash: first.user.passwordHash,
      });
    });

    it('lets only an Admin list users, filtered by role and email prefix', async () => {
      const { admin, principal } = ctx.get();
      const boss = await principal('admin');
      const manager = await principal('manager');
      expect(await codeOf(admin.list(await principal('user')))).toBe('forbidden');
      expect(await codeOf(admin.list(null))).toBe('unauthorized');
      const page = await admin.list(boss, { role: 'manager', limit: 100 });
      expect(page.items.every((user) => user.role === 'manager')).toBe(true);
      expect(page.items.map((user) => user.id)).toContain(manager.userId);
    });

    it('lets the owner change its names, not its role; an Admin changes roles, audited, tokens revoked', async () => {
      const { admin, principal, repos, revoked } = ctx.get();
      const owner = await principal('user');
      const boss = await principal('admin');
      const renamed = await admin.update(owner, owner.userId, { firstName: 'Ada', lastName: 'Lovelace' });
      expect(renamed).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', role: 'user', version: 2 });
      expect(await codeOf(admin.update(owner, owner.userId, { role: 'admin' }))).toBe('forbidden');
      expect(await codeOf(admin.update(await principal('user'), owner.userId, { firstName: 'X' }))).toBe(
        'forbidden',
      );

      const promoted = await admin.update(boss, owner.userId, { role: 'manager' }, renamed.version);
      expect(promoted).toMatchObject({ role: 'manager', version: 3 });
      expect(revoked).toContain(owner.userId);
      const audit = await repos.auditLog.list({ actorId: boss.userId, action: 'user.role_changed' });
      expect(audit.items.map((entry) => [entry.targetId, entry.details])).toEqual([
        [owner.userId, { from: 'user', to: 'manager' }],
      ]);
      expect(await codeOf(admin.update(boss, owner.userId, { firstName: 'Stale' }, renamed.version))).toBe(
        'conflict',
      );
      expect((await admin.get(boss, owner.userId)).firstName).toBe('Ada');
    });

    it('hides a user from those who may not read it, and deletes (Admin) with an audit row', async () => {
      const { admin, principal, repos, revoked } = ctx.get();
      const target = await principal('user');
      const boss = await principal('admin');
      expect(await codeOf(admin.get(await principal('guest'), target.userId))).toBe('not_found');
      expect(await codeOf(admin.delete(await principal('manager'), target.userId))).toBe('forbidden');
      await admin.delete(boss, target.userId);
      expect(revoked).toContain(target.userId);
      expect(await repos.users.findById(target.userId)).toBeNull();
      const audit = await repos.auditLog.list({ actorId: boss.userId, action: 'user.deleted' });
      expect(audit.items.map((entry) => entry.targetId)).toEqual([target.userId]);
      expect(await codeOf(admin.delete(boss, target.userId))).toBe('not_found');
    });
  });
}
