import { randomUUID } from 'node:crypto';
import type { RefreshTokenRecord } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { aUser, type ConformanceContext, createUser, expectTrussError, raceIt } from './shared.js';

/** UserRepository: create, find, conflicts, normalization, timestamps. */
export function userConformance(ctx: ConformanceContext): void {
  describe('users', () => {
    it('creates a user and finds it by id and by email, dates to the millisecond', async () => {
      const input = aUser({
        firstName: 'Ada',
        role: 'manager',
        createdAt: new Date('2026-03-29T01:30:15.123Z'),
        updatedAt: new Date('2026-10-25T01:59:59.999Z'),
      });
      const created = await ctx.repos().users.create(input);
      expect(created).toMatchObject({ id: input.id, email: input.email, firstName: 'Ada', role: 'manager' });
      const byId = await ctx.repos().users.findById(input.id);
      expect(byId).toEqual(created);
      expect(byId?.createdAt.toISOString()).toBe('2026-03-29T01:30:15.123Z');
      expect(byId?.updatedAt.toISOString()).toBe('2026-10-25T01:59:59.999Z');
      expect(await ctx.repos().users.findByEmail(input.email)).toEqual(created);
    });

    it('stores emails normalized and finds them whatever the case', async () => {
      const created = await createUser(ctx, { email: '  Mixed.Case@Example.COM ' });
      expect(created.email).toBe('mixed.case@example.com');
      expect((await ctx.repos().users.findByEmail('MIXED.case@example.com'))?.id).toBe(created.id);
    });

    it('throws conflict for a taken email or id', async () => {
      const first = await createUser(ctx);
      await expectTrussError(ctx.repos().users.create(aUser({ email: first.email })), 'conflict');
      await expectTrussError(ctx.repos().users.create(aUser({ id: first.id })), 'conflict');
    });

    it('answers null for unknown and malformed ids and emails', async () => {
      expect(await ctx.repos().users.findById(randomUUID())).toBeNull();
      expect(await ctx.repos().users.findById('not-a-uuid')).toBeNull();
      expect(await ctx.repos().users.findById("' or 1=1 --")).toBeNull();
      expect(await ctx.repos().users.findByEmail('nobody@example.com')).toBeNull();
    });

    it('rejects invalid users with validation_error', async () => {
      await expectTrussError(ctx.repos().users.create(aUser({ email: 'not-an-email' })), 'validation_error');
      await expectTrussError(ctx.repos().users.create(aUser({ role: 'root' as never })), 'validation_error');
    });

    it('updates a password hash; not_found for an unknown user', async () => {
      const user = await createUser(ctx);
      await ctx.repos().users.updatePasswordHash(user.id, '$argon2id$rehashed');
      expect((await ctx.repos().users.findById(user.id))?.passwordHash).toBe('$argon2id$rehashed');
      await expectTrussError(ctx.repos().users.updatePasswordHash(randomUUID(), 'x'), 'not_found');
    });
  });
}

/** RefreshTokenRepository: storage, single use under races, revocation. */
export function refreshTokenConformance(ctx: ConformanceContext): void {
  describe('refresh tokens', () => {
    const token = (userId: string, overrides: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord => ({
      id: randomUUID(),
      familyId: randomUUID(),
      userId,
      tokenHash: `${randomUUID()}${randomUUID()}`.replaceAll('-', ''),
      createdAt: new Date('2026-06-01T12:00:00.001Z'),
      expiresAt: new Date('2026-06-08T12:00:00.999Z'),
      usedAt: null,
      revokedAt: null,
      ...overrides,
    });

    it('stores a token and finds it by hash', async () => {
      const t = token((await createUser(ctx)).id);
      await ctx.repos().refreshTokens.create(t);
      expect(await ctx.repos().refreshTokens.findByHash(t.tokenHash)).toEqual(t);
      expect(await ctx.repos().refreshTokens.findByHash('0'.repeat(64))).toBeNull();
    });

    it('throws conflict for a duplicate hash, not_found for an unknown user', async () => {
      const t = token((await createUser(ctx)).id);
      await ctx.repos().refreshTokens.create(t);
      await expectTrussError(ctx.repos().refreshTokens.create({ ...t, id: randomUUID() }), 'conflict');
      await expectTrussError(ctx.repos().refreshTokens.create(token(randomUUID())), 'not_found');
    });

    raceIt(ctx, 'lets exactly one of 20 concurrent markUsed calls win', async () => {
      const t = token((await createUser(ctx)).id);
      await ctx.repos().refreshTokens.create(t);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => ctx.repos().refreshTokens.markUsed(t.id, new Date())),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await ctx.repos().refreshTokens.markUsed(t.id, new Date())).toBe(false);
    });

    it('revokes a family and a user’s tokens, counting only newly revoked ones', async () => {
      const user = await createUser(ctx);
      const familyId = randomUUID();
      const [a, b, c] = [token(user.id, { familyId }), token(user.id, { familyId }), token(user.id)];
      for (const t of [a, b, c]) await ctx.repos().refreshTokens.create(t);
      const at = new Date('2026-06-03T00:00:00.000Z');
      expect(await ctx.repos().refreshTokens.revokeFamily(familyId, at)).toBe(2);
      expect(await ctx.repos().refreshTokens.revokeFamily(familyId, at)).toBe(0);
      expect(await ctx.repos().refreshTokens.revokeAllForUser(user.id, at)).toBe(1);
      expect((await ctx.repos().refreshTokens.findByHash(c.tokenHash))?.revokedAt).toEqual(at);
    });
  });
}
