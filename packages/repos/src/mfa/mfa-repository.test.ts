import { randomUUID } from 'node:crypto';
import type { User } from '@truss/core';
import { beforeEach, expect, it } from 'vitest';
import { describeOnEachDatabase, insertTestUser } from '../../test/databases.js';
import { createMfaRepository } from './mfa-repository.js';

describeOnEachDatabase('MFA repository', (database) => {
  const mfa = () => createMfaRepository(database().executor);
  const at = new Date('2026-06-01T12:00:00.123Z');
  let user: User;

  beforeEach(async () => {
    user = await insertTestUser(database().db);
  });

  it('stores a pending factor, replaces it while pending, and refuses once confirmed', async () => {
    expect(await mfa().findFactor(user.id)).toBeNull();
    expect(await mfa().savePendingFactor(user.id, 'sealed-1', at)).toBe(true);
    expect(await mfa().savePendingFactor(user.id, 'sealed-2', at)).toBe(true);
    expect(await mfa().findFactor(user.id)).toEqual({
      userId: user.id,
      sealedSecret: 'sealed-2',
      confirmedAt: null,
      lastUsedStep: null,
      createdAt: at,
    });
    expect(await mfa().confirmFactor(user.id, at)).toBe(true);
    expect(await mfa().confirmFactor(user.id, at)).toBe(false);
    expect(await mfa().savePendingFactor(user.id, 'sealed-3', at)).toBe(false);
    expect(await mfa().findFactor(user.id)).toMatchObject({ sealedSecret: 'sealed-2', confirmedAt: at });
  });

  it('accepts each TOTP step once and only moving forward, also under concurrency', async () => {
    await mfa().savePendingFactor(user.id, 'sealed', at);
    expect(await mfa().useStep(user.id, 1_000)).toBe(true);
    expect(await mfa().useStep(user.id, 1_000)).toBe(false);
    expect(await mfa().useStep(user.id, 999)).toBe(false);
    const results = await Promise.all(Array.from({ length: 10 }, () => mfa().useStep(user.id, 58_000_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await mfa().findFactor(user.id))?.lastUsedStep).toBe(58_000_000);
  });

  it('uses each recovery code once, also under concurrency, and replaces the set', async () => {
    await mfa().savePendingFactor(user.id, 'sealed', at);
    await mfa().replaceRecoveryCodes(user.id, ['h1', 'h2', 'h3'], at);
    expect(await mfa().countRecoveryCodes(user.id)).toBe(3);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => mfa().useRecoveryCode(user.id, 'h1', at)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await mfa().useRecoveryCode(user.id, 'nope', at)).toBe(false);
    expect(await mfa().countRecoveryCodes(user.id)).toBe(2);
    await mfa().replaceRecoveryCodes(user.id, ['h9'], at);
    expect(await mfa().useRecoveryCode(user.id, 'h2', at)).toBe(false);
    expect(await mfa().countRecoveryCodes(user.id)).toBe(1);
  });

  it('removes the factor and its codes, and answers gently for unknown or malformed ids', async () => {
    await mfa().savePendingFactor(user.id, 'sealed', at);
    await mfa().replaceRecoveryCodes(user.id, ['h1'], at);
    await mfa().removeFactor(user.id);
    expect(await mfa().findFactor(user.id)).toBeNull();
    expect(await mfa().countRecoveryCodes(user.id)).toBe(0);
    expect(await mfa().findFactor('not-a-uuid')).toBeNull();
    expect(await mfa().useStep('not-a-uuid', 1)).toBe(false);
    await expect(mfa().savePendingFactor(randomUUID(), 'sealed', at)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(mfa().useStep(user.id, -1)).rejects.toMatchObject({ code: 'validation_error' });
  });
});
