import { randomUUID } from 'node:crypto';
import type { RefreshTokenRecord, User } from '@truss/core';
import { beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase, insertTestUser } from '../../test/databases.js';
import { createUserRepository } from '../users/user-repository.js';
import { createRefreshTokenRepository } from './refresh-token-repository.js';

describeOnEachDatabase('refresh token repository', (database, kind) => {
  const tokens = () => createRefreshTokenRepository(database().executor);
  let user: User;

  beforeAll(async () => {
    user = await insertTestUser(database().db);
  });

  function record(overrides: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord {
    return {
      id: randomUUID(),
      familyId: randomUUID(),
      userId: user.id,
      tokenHash: randomUUID().replaceAll('-', '').repeat(2),
      createdAt: new Date('2026-06-01T12:00:00.001Z'),
      expiresAt: new Date('2026-06-08T12:00:00.999Z'),
      usedAt: null,
      revokedAt: null,
      ...overrides,
    };
  }

  it('stores a token and finds it by hash, dates intact', async () => {
    const token = record();
    await tokens().create(token);
    expect(await tokens().findByHash(token.tokenHash)).toEqual(token);
    expect(await tokens().findByHash('unknown')).toBeNull();
    expect(await tokens().findByHash('')).toBeNull();
  });

  it('throws conflict for a duplicate hash and not_found for an unknown user', async () => {
    const token = record();
    await tokens().create(token);
    await expect(tokens().create(record({ tokenHash: token.tokenHash }))).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(tokens().create(record({ userId: randomUUID() }))).rejects.toMatchObject({
      code: 'not_found',
      message: 'User not found',
    });
    await expect(tokens().create(record({ familyId: 'nope' }))).rejects.toMatchObject({
      code: 'validation_error',
    });
  });

  it('marks a token used once', async () => {
    const token = record();
    await tokens().create(token);
    const at = new Date('2026-06-02T00:00:00.500Z');
    expect(await tokens().markUsed(token.id, at)).toBe(true);
    expect(await tokens().markUsed(token.id, at)).toBe(false);
    expect((await tokens().findByHash(token.tokenHash))?.usedAt).toEqual(at);
    expect(await tokens().markUsed(randomUUID(), at)).toBe(false);
    expect(await tokens().markUsed('nope', at)).toBe(false);
  });

  it(`lets exactly one of 20 concurrent markUsed calls win${kind === 'sqlite' ? '' : ' on the real server'}`, async () => {
    const token = record();
    await tokens().create(token);
    const repo = tokens();
    const results = await Promise.all(Array.from({ length: 20 }, () => repo.markUsed(token.id, new Date())));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('revokes a family and all of a user’s tokens, counting only newly revoked ones', async () => {
    const familyId = randomUUID();
    const a = record({ familyId });
    const b = record({ familyId });
    const other = record();
    for (const t of [a, b, other]) await tokens().create(t);
    const at = new Date('2026-06-03T00:00:00.000Z');
    expect(await tokens().revokeFamily(familyId, at)).toBe(2);
    expect(await tokens().revokeFamily(familyId, at)).toBe(0);
    expect((await tokens().findByHash(a.tokenHash))?.revokedAt).toEqual(at);
    expect((await tokens().findByHash(other.tokenHash))?.revokedAt).toBeNull();
    expect(await tokens().revokeAllForUser(user.id, at)).toBeGreaterThanOrEqual(1);
    expect((await tokens().findByHash(other.tokenHash))?.revokedAt).toEqual(at);
    expect(await tokens().revokeAllForUser('nope', at)).toBe(0);
  });

  it('deletes a user’s tokens with the user', async () => {
    const doomed = await createUserRepository(database().db).create({
      id: randomUUID(),
      email: `${randomUUID()}@example.com`,
      passwordHash: 'hash',
      firstName: null,
      lastName: null,
      role: 'user',
    });
    const token = record({ userId: doomed.id });
    await tokens().create(token);
    await database().db.deleteFrom('users').where('id', '=', doomed.id).execute();
    expect(await tokens().findByHash(token.tokenHash)).toBeNull();
  });
});
