import { randomUUID } from 'node:crypto';
import type { RefreshTokenRecord, SessionRecord } from '@truss/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceContext, createUser, raceIt } from './shared.js';

const hash = () => `${randomUUID()}${randomUUID()}`.replaceAll('-', '');

/** Sessions of the RefreshTokenRepository, and the PasswordResetRepository. */
export function sessionConformance(ctx: ConformanceContext): void {
  const session = (userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord => ({
    id: randomUUID(),
    userId,
    createdAt: new Date('2026-06-01T12:00:00.000Z'),
    expiresAt: new Date('2026-07-01T12:00:00.000Z'),
    authenticatedAt: new Date('2026-06-01T12:00:00.000Z'),
    revokedAt: null,
    ...overrides,
  });
  const token = (s: SessionRecord): RefreshTokenRecord => ({
    id: randomUUID(),
    familyId: s.id,
    userId: s.userId,
    tokenHash: hash(),
    createdAt: new Date('2026-06-02T12:00:00.000Z'),
    expiresAt: new Date('2026-06-09T12:00:00.000Z'),
    usedAt: null,
    revokedAt: null,
  });
  const during = new Date('2026-06-02T12:00:00.000Z');

  describe('sessions', () => {
    it('stores a token only in an open session: not revoked, not past its end', async () => {
      const user = await createUser(ctx);
      const open = session(user.id);
      await ctx.repos().refreshTokens.openSession(open);
      expect(await ctx.repos().refreshTokens.findSession(open.id)).toEqual(open);
      const stored = token(open);
      expect(await ctx.repos().refreshTokens.createInSession(stored, during)).toBe(true);
      expect((await ctx.repos().refreshTokens.findByHash(stored.tokenHash))?.id).toBe(stored.id);
      expect(await ctx.repos().refreshTokens.createInSession(token(open), new Date('2026-07-02'))).toBe(
        false,
      );
      expect(await ctx.repos().refreshTokens.createInSession(token(session(user.id)), during)).toBe(false);
      await ctx.repos().refreshTokens.revokeFamily(open.id, during);
      expect((await ctx.repos().refreshTokens.findSession(open.id))?.revokedAt).toEqual(during);
      const late = token(open);
      expect(await ctx.repos().refreshTokens.createInSession(late, during)).toBe(false);
      expect(await ctx.repos().refreshTokens.findByHash(late.tokenHash)).toBeNull();
    });

    raceIt(ctx, 'never keeps a token stored alongside a revocation of its session', async () => {
      const user = await createUser(ctx);
      const open = session(user.id);
      await ctx.repos().refreshTokens.openSession(open);
      const tokens = Array.from({ length: 10 }, () => token(open));
      const [stored] = await Promise.all([
        Promise.all(tokens.map((t) => ctx.repos().refreshTokens.createInSession(t, during))),
        ctx.repos().refreshTokens.revokeAllForUser(user.id, during),
      ]);
      for (const [i, t] of tokens.entries()) {
        const found = await ctx.repos().refreshTokens.findByHash(t.tokenHash);
        expect(found === null ? 'absent' : found.revokedAt ? 'revoked' : 'live').toBe(
          stored[i] ? 'revoked' : 'absent',
        );
      }
    });

    it('marks a fresh authentication, and revokes the other sessions of a user', async () => {
      const user = await createUser(ctx);
      const [mine, other, third] = [session(user.id), session(user.id), session(user.id)];
      for (const s of [mine, other, third]) await ctx.repos().refreshTokens.openSession(s);
      const later = new Date('2026-06-03T00:00:00.000Z');
      expect(await ctx.repos().refreshTokens.markAuthenticated(mine.id, later)).toBe(true);
      expect((await ctx.repos().refreshTokens.findSession(mine.id))?.authenticatedAt).toEqual(later);
      const ended = await ctx.repos().refreshTokens.revokeOtherSessions(user.id, mine.id, later);
      expect(ended.sort()).toEqual([other.id, third.id].sort());
      expect((await ctx.repos().refreshTokens.findSession(mine.id))?.revokedAt).toBeNull();
      expect(await ctx.repos().refreshTokens.markAuthenticated(other.id, later)).toBe(false);
    });
  });

  describe('password resets', () => {
    it('uses a token once, with the user’s other tokens; tells expired from unknown', async () => {
      const user = await createUser(ctx);
      const reset = (tokenHash: string, expiresAt: Date) =>
        ctx.repos().passwordResets.create({
          id: randomUUID(),
          userId: user.id,
          tokenHash,
          createdAt: new Date('2026-06-01T12:00:00.000Z'),
          expiresAt,
          usedAt: null,
        });
      const [a, b, old] = [hash(), hash(), hash()];
      await reset(a, new Date('2026-06-01T12:30:00.000Z'));
      await reset(b, new Date('2026-06-01T12:30:00.000Z'));
      await reset(old, new Date('2026-06-01T12:10:00.000Z'));
      const at = new Date('2026-06-01T12:20:00.000Z');
      expect(await ctx.repos().passwordResets.find(old, at)).toEqual({ status: 'expired' });
      expect(await ctx.repos().passwordResets.find(hash(), at)).toEqual({ status: 'invalid' });
      expect(await ctx.repos().passwordResets.find(a, at)).toEqual({ status: 'valid', userId: user.id });
      expect(await ctx.repos().passwordResets.use(a, at)).toEqual({ status: 'valid', userId: user.id });
      expect(await ctx.repos().passwordResets.use(a, at)).toEqual({ status: 'invalid' });
      expect(await ctx.repos().passwordResets.use(b, at)).toEqual({ status: 'invalid' });
    });
  });
}
