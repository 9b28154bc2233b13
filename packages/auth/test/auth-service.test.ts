import {
  createMemoryThrottleStore,
  createUserService,
  type PasswordHasher,
  type RefreshTokenRepository,
  type UserService,
} from '@truss/core';
import {
  createDatabase,
  createRefreshTokenRepository,
  createUserRepository,
  migrateToLatest,
  type TrussDatabase,
} from '@truss/repos';
import { errorCodeOf, type ManualClock, manualClock } from '@truss/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccessTokens } from '../src/access-tokens.js';
import { createArgon2Hasher } from '../src/argon2-hasher.js';
import { type AuthService, createAuthService } from '../src/auth-service.js';
import { createLoginThrottle } from '../src/login-throttle.js';
import { isMfaChallenge, type MfaChallenge } from '../src/password-login.js';
import { createPasswordPolicy } from '../src/password-policy.js';
import { createAccessTokenRevocations } from '../src/revocations.js';
import type { TokenPair } from '../src/session-tokens.js';
import { generateSigningKey } from '../src/signing-keys.js';

/** Counts what the hasher is asked to do, delegating to real argon2id. */
function countingHasher(inner: PasswordHasher) {
  const calls: Array<{ op: string; hashPrefix: string }> = [];
  const hasher: PasswordHasher = {
    hash: (p) => inner.hash(p),
    verify: (hash, p) => {
      calls.push({ op: 'verify', hashPrefix: hash.split('$').slice(0, 4).join('$') });
      return inner.verify(hash, p);
    },
  };
  return { hasher, calls };
}

const PASSWORD = 'correct horse battery staple';

function tokensOf(result: TokenPair | MfaChallenge): TokenPair {
  if (isMfaChallenge(result)) throw new Error('unexpected MFA challenge');
  return result;
}

describe('AuthService on SQLite', async () => {
  let database: TrussDatabase;
  const key = await generateSigningKey('EdDSA');
  let time: ManualClock;
  let counting: ReturnType<typeof countingHasher>;
  let auth: AuthService;
  let users: UserService;

  async function build(overrides: { hasher?: PasswordHasher; refreshTokens?: RefreshTokenRepository } = {}) {
    const accessTokens = await createAccessTokens({
      keys: [key],
      issuer: 'test',
      audience: 'api',
      clock: time.clock,
    });
    return createAuthService({
      users: createUserRepository(database.db),
      refreshTokens: overrides.refreshTokens ?? createRefreshTokenRepository(database.db),
      hasher: overrides.hasher ?? counting.hasher,
      accessTokens,
      refreshTokenTtlSeconds: 3600,
      throttle: createLoginThrottle({ store: createMemoryThrottleStore({ clock: time.clock }) }),
      clock: time.clock,
    });
  }

  beforeAll(async () => {
    database = await createDatabase('sqlite::memory:');
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    time = manualClock();
    counting = countingHasher(createArgon2Hasher());
    auth = await build();
    users = createUserService({
      users: createUserRepository(database.db),
      hasher: counting.hasher,
      passwordPolicy: createPasswordPolicy(),
    });
  });

  let n = 0;
  async function newUser() {
    const email = `user${++n}@example.com`;
    await users.register({ email, password: PASSWORD });
    return email;
  }

  it('logs in with a token pair whose access token names the user, role and session', async () => {
    const email = await newUser();
    const tokens = tokensOf(await auth.login({ email, password: PASSWORD }));
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const principal = await auth.authenticate(tokens.accessToken);
    expect(principal).toMatchObject({ role: 'user', sessionId: expect.any(String) });
  });

  it('does the same argon2 work for an unknown email as for a wrong password', async () => {
    const email = await newUser();
    counting.calls.length = 0;
    expect(await errorCodeOf(auth.login({ email, password: 'wrong password here' }))).toBe(
      'invalid_credentials',
    );
    expect(
      await errorCodeOf(auth.login({ email: 'nobody@example.com', password: 'wrong password here' })),
    ).toBe('invalid_credentials');
    expect(counting.calls).toHaveLength(2);
    expect(counting.calls[0]).toEqual(counting.calls[1]);
    expect(counting.calls[0]?.hashPrefix).toBe('$argon2id$v=19$m=19456,t=2,p=1');
  });

  it('upgrades a hash made with weaker parameters at the next successful login', async () => {
    const email = await newUser();
    const stronger = await build({ hasher: createArgon2Hasher({ timeCost: 3 }) });
    await stronger.login({ email, password: PASSWORD });
    const user = await createUserRepository(database.db).findByEmail(email);
    expect(user?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=3,p=1\$/);
    await stronger.login({ email, password: PASSWORD });
  });

  it('refuses common passwords and the email as password at registration (user service + password policy)', async () => {
    for (const password of ['password123', 'Iloveyou1', 'qwertyuiop']) {
      await expect(users.register({ email: 'c@example.com', password })).rejects.toMatchObject({
        code: 'validation_error',
        details: [{ path: 'password', message: expect.stringMatching(/too common/) }],
      });
    }
    await expect(
      users.register({ email: 'longname@example.com', password: 'longname@example.com' }),
    ).rejects.toMatchObject({
      code: 'validation_error',
    });
  });

  it('throttles failed logins per account and address with growing, capped delays', async () => {
    const email = await newUser();
    for (let i = 0; i < 5; i++)
      expect(await errorCodeOf(auth.login({ email, password: 'nope nope nope' }, { ip: '10.0.0.1' }))).toBe(
        'invalid_credentials',
      );
    expect(await errorCodeOf(auth.login({ email, password: 'nope nope nope' }, { ip: '10.0.0.1' }))).toBe(
      'invalid_credentials',
    );
    const blocked = auth.login({ email, password: PASSWORD }, { ip: '10.0.0.1' });
    await expect(blocked).rejects.toMatchObject({ code: 'rate_limited', headers: { 'retry-after': '1' } });
    // The owner at another address is not affected.
    await expect(auth.login({ email, password: PASSWORD }, { ip: '10.0.0.2' })).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
    // Refused attempts are not counted: after the delay, one more failure doubles it once.
    time.advance(1.1);
    expect(await errorCodeOf(auth.login({ email, password: 'nope nope nope' }, { ip: '10.0.0.1' }))).toBe(
      'invalid_credentials',
    );
    await expect(auth.login({ email, password: PASSWORD }, { ip: '10.0.0.1' })).rejects.toMatchObject({
      headers: { 'retry-after': '2' },
    });
    time.advance(2.1);
    await expect(auth.login({ email, password: PASSWORD }, { ip: '10.0.0.1' })).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
    // A success clears the address's failures.
    expect(await errorCodeOf(auth.login({ email, password: 'nope nope nope' }, { ip: '10.0.0.1' }))).toBe(
      'invalid_credentials',
    );
  });

  it('counts each attempt before the password check: of 50 parallel guesses, 6 are checked', async () => {
    const email = await newUser();
    const before = counting.calls.length;
    const codes = await Promise.all(
      Array.from({ length: 50 }, () =>
        errorCodeOf(auth.login({ email, password: 'nope nope nope' }, { ip: '10.0.0.3' })),
      ),
    );
    // 5 free attempts and the 6th, which starts the block; the other 44 are refused unchecked.
    expect(codes.filter((c) => c === 'invalid_credentials')).toHaveLength(6);
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(44);
    expect(counting.calls.length - before).toBe(6);
  });

  it('rotates refresh tokens; a reused token revokes the whole family, newest included', async () => {
    const email = await newUser();
    const first = tokensOf(await auth.login({ email, password: PASSWORD }));
    const second = await auth.refresh(first.refreshToken);
    const third = await auth.refresh(second.refreshToken);
    expect(await errorCodeOf(auth.refresh(first.refreshToken))).toBe('invalid_token');
    expect(await errorCodeOf(auth.refresh(third.refreshToken))).toBe('invalid_token');
    // Another session of the same user is untouched.
    const other = tokensOf(await auth.login({ email, password: PASSWORD }));
    await expect(auth.refresh(other.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('lets at most one of many concurrent refreshes with the same token succeed, and then ends the session', async () => {
    const email = await newUser();
    const { refreshToken } = tokensOf(await auth.login({ email, password: PASSWORD }));
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => auth.refresh(refreshToken)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won.length).toBeLessThanOrEqual(1);
    // The others presented a used token: reuse detected, so the token the winner got is dead too.
    for (const result of won) {
      expect(await errorCodeOf(auth.refresh(result.value.refreshToken))).toBe('invalid_token');
    }
  });

  it('ends a refresh whose token was used when a logout or logout-all lands before its successor is stored', async () => {
    for (const end of ['logout', 'logout-all'] as const) {
      const tokens = createRefreshTokenRepository(database.db);
      let between: (() => Promise<void>) | undefined;
      // The gap a network round trip opens on PostgreSQL or MariaDB, made certain.
      const slow: RefreshTokenRepository = {
        ...tokens,
        async markUsed(id, at) {
          const used = await tokens.markUsed(id, at);
          await between?.();
          return used;
        },
      };
      const racing = await build({ refreshTokens: slow });
      const email = await newUser();
      const { refreshToken, accessToken } = tokensOf(await racing.login({ email, password: PASSWORD }));
      const { userId } = await racing.authenticate(accessToken);
      between = () => (end === 'logout' ? racing.logout(refreshToken) : racing.logoutEverywhere(userId));
      expect(await errorCodeOf(racing.refresh(refreshToken))).toBe('invalid_token');
    }
  });

  it('answers token_expired for an expired refresh token and invalid_token for garbage', async () => {
    const email = await newUser();
    const { refreshToken } = tokensOf(await auth.login({ email, password: PASSWORD }));
    time.advance(3601);
    expect(await errorCodeOf(auth.refresh(refreshToken))).toBe('token_expired');
    expect(await errorCodeOf(auth.refresh('garbage'))).toBe('invalid_token');
    expect(await errorCodeOf(auth.refresh(''))).toBe('validation_error');
    expect(await errorCodeOf(auth.refresh('x'.repeat(10_000)))).toBe('validation_error');
  });

  it('logs out one session, a session by id, and everywhere', async () => {
    const email = await newUser();
    const a = tokensOf(await auth.login({ email, password: PASSWORD }));
    const b = tokensOf(await auth.login({ email, password: PASSWORD }));
    const c = tokensOf(await auth.login({ email, password: PASSWORD }));
    await auth.logout(a.refreshToken);
    expect(await errorCodeOf(auth.refresh(a.refreshToken))).toBe('invalid_token');
    const sessionOfB = (await auth.authenticate(b.accessToken)).sessionId as string;
    await auth.logoutSession(sessionOfB);
    expect(await errorCodeOf(auth.refresh(b.refreshToken))).toBe('invalid_token');
    await expect(auth.refresh(c.refreshToken)).resolves.toBeDefined();
    const d = tokensOf(await auth.login({ email, password: PASSWORD }));
    await auth.logoutEverywhere((await auth.authenticate(d.accessToken)).userId);
    expect(await errorCodeOf(auth.refresh(d.refreshToken))).toBe('invalid_token');
    await expect(auth.logout('not-a-token')).resolves.toBeUndefined();
  });

  it('issues a token that is not refused with the revoked ones right after a revocation, even when timers run ahead of the clock', async () => {
    // The wall clock runs 1% slow against the timers: a timer set for the rest of the revocation's
    // second fires before the clock shows the next one (as Node's timers may, by a millisecond).
    const start = Date.now();
    const slowClock = { now: () => new Date(start + Math.floor((Date.now() - start) * 0.99)) };
    const revocations = createAccessTokenRevocations({ accessTokenTtlSeconds: 900, clock: slowClock });
    const accessTokens = await createAccessTokens({
      keys: [key],
      issuer: 'test',
      audience: 'api',
      clock: slowClock,
      isRevoked: revocations.isRevoked,
    });
    const service = createAuthService({
      users: createUserRepository(database.db),
      refreshTokens: createRefreshTokenRepository(database.db),
      hasher: counting.hasher,
      accessTokens,
      revocations,
      refreshTokenTtlSeconds: 3600,
      throttle: createLoginThrottle({ store: createMemoryThrottleStore({ clock: slowClock }) }),
      clock: slowClock,
    });
    const email = await newUser();
    const before = tokensOf(await service.login({ email, password: PASSWORD }));
    const { userId } = await service.authenticate(before.accessToken);
    await service.revokeAccess(userId);
    expect(await errorCodeOf(service.authenticate(before.accessToken))).toBe('invalid_token');
    const after = tokensOf(await service.login({ email, password: PASSWORD }));
    await expect(service.authenticate(after.accessToken)).resolves.toMatchObject({ userId });
  });
});
