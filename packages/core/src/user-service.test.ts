import { describe, expect, it } from 'vitest';
import type { NewUser, User } from './domain/user.js';
import type { PasswordHasher } from './ports/password-hasher.js';
import type { UserRepository } from './ports/user-repository.js';
import { createUserService } from './services/user-service.js';

// The service's own rules, over the smallest honest implementations of its ports. The repository
// implementations are tested against real databases in @truss/repos.
function memoryUsers(): UserRepository {
  const rows = new Map<string, User>();
  return {
    async create(user: NewUser) {
      if ([...rows.values()].some((u) => u.email === user.email))
        throw Object.assign(new Error('dup'), { code: 'conflict' });
      const now = new Date();
      const row = { ...user, createdAt: user.createdAt ?? now, updatedAt: user.updatedAt ?? now };
      rows.set(row.id, row);
      return row;
    },
    async findById(id) {
      return rows.get(id) ?? null;
    },
    async findByEmail(email) {
      return [...rows.values()].find((u) => u.email === email) ?? null;
    },
    async updatePasswordHash(id, passwordHash) {
      const row = rows.get(id);
      if (row) rows.set(id, { ...row, passwordHash });
    },
  };
}

const reversingHasher: PasswordHasher = {
  hash: async (password) => `h:${[...password].reverse().join('')}`,
  verify: async (hash, password) => ({
    valid: hash === `h:${[...password].reverse().join('')}`,
    needsRehash: false,
  }),
};

describe('UserService', () => {
  it('registers with a normalized email, role user, and a hashed password', async () => {
    const service = createUserService({ users: memoryUsers(), hasher: reversingHasher });
    const user = await service.register({
      email: '  Ada@Example.COM ',
      password: 'long enough',
      firstName: 'Ada',
    });
    expect(user).toMatchObject({ email: 'ada@example.com', role: 'user', firstName: 'Ada', lastName: null });
    expect(user.passwordHash).toBe('h:hguone gnol');
  });

  it('refuses a taken email with conflict and bad input with validation_error', async () => {
    const service = createUserService({ users: memoryUsers(), hasher: reversingHasher });
    await service.register({ email: 'ada@example.com', password: 'long enough' });
    await expect(
      service.register({ email: 'ADA@example.com', password: 'long enough' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(service.register({ email: 'nope', password: 'long enough' })).rejects.toMatchObject({
      code: 'validation_error',
    });
    await expect(service.register({ email: 'b@example.com', password: 'short' })).rejects.toMatchObject({
      code: 'validation_error',
    });
    await expect(
      service.register({ email: 'b@example.com', password: 'long enough', role: 'admin' } as never),
    ).rejects.toMatchObject({ code: 'validation_error' });
  });

  it('hashes the password for a taken email too, so a conflict costs what a registration costs', async () => {
    const hashed: string[] = [];
    const counting: PasswordHasher = {
      hash: async (password) => {
        hashed.push(password);
        return reversingHasher.hash(password);
      },
      verify: reversingHasher.verify,
    };
    const service = createUserService({ users: memoryUsers(), hasher: counting });
    await service.register({ email: 'ada@example.com', password: 'long enough' });
    expect(hashed).toHaveLength(1);
    await expect(
      service.register({ email: 'ada@example.com', password: 'another password' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(hashed).toEqual(['long enough', 'another password']);
  });

  it('ensureUser creates once and leaves an existing user untouched', async () => {
    const users = memoryUsers();
    const service = createUserService({ users, hasher: reversingHasher });
    const first = await service.ensureUser({
      email: 'root@example.com',
      password: 'first password',
      role: 'admin',
    });
    const second = await service.ensureUser({
      email: 'root@example.com',
      password: 'other password',
      role: 'user',
    });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({
      created: false,
      user: { role: 'admin', passwordHash: first.user.passwordHash },
    });
  });

  it('getById answers not_found for an unknown id', async () => {
    const service = createUserService({ users: memoryUsers(), hasher: reversingHasher });
    await expect(service.getById('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
