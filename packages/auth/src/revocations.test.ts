import { manualClock } from '@truss/testing';
import { describe, expect, it } from 'vitest';
import type { AccessTokenClaims } from './access-tokens.js';
import { createAccessTokenRevocations } from './revocations.js';

const claims = (issuedAt: number, over: Partial<AccessTokenClaims> = {}): AccessTokenClaims => ({
  userId: 'u1',
  role: 'user',
  sessionId: 's1',
  tokenId: 'j',
  issuedAt,
  expiresAt: issuedAt + 900,
  ...over,
});

describe('createAccessTokenRevocations', () => {
  it('refuses tokens of a revoked user or session issued up to the revocation, not later ones', async () => {
    const time = manualClock(1_700_000_000_000);
    const revocations = createAccessTokenRevocations({ accessTokenTtlSeconds: 900, clock: time.clock });
    const now = 1_700_000_000;
    await revocations.revokeSession('s1');
    expect(await revocations.isRevoked(claims(now - 10))).toBe(true);
    expect(await revocations.isRevoked(claims(now - 10, { sessionId: 's2' }))).toBe(false);
    expect(await revocations.isRevoked(claims(now + 1))).toBe(false);
    await revocations.revokeUser('u1');
    expect(await revocations.isRevoked(claims(now, { sessionId: 's9' }))).toBe(true);
    expect(await revocations.isRevoked(claims(now, { userId: 'u2', sessionId: 's9' }))).toBe(false);
    expect(await revocations.userRevokedAt('u1')).toBe(now);
  });

  it('forgets revocations once every token they could refuse has expired', async () => {
    const time = manualClock(1_700_000_000_000);
    const revocations = createAccessTokenRevocations({ accessTokenTtlSeconds: 900, clock: time.clock });
    await revocations.revokeUser('u1');
    time.advance(901);
    await revocations.revokeUser('u2');
    expect(await revocations.userRevokedAt('u1')).toBeUndefined();
    expect(await revocations.userRevokedAt('u2')).toBeDefined();
  });
});
