import { createUserService } from '@truss/core';
import { createDatabase, createRepositories, migrateToLatest, type TrussDatabase } from '@truss/repos';
import { errorCodeOf } from '@truss/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArgon2Hasher } from '../src/argon2-hasher.js';
import { createAuthentication } from '../src/create-authentication.js';
import { isMfaChallenge } from '../src/password-login.js';
import { generateEncryptionKey } from '../src/secret-box.js';
import { generateSigningKey } from '../src/signing-keys.js';
import { totpCode } from '../src/totp.js';

const PASSWORD = 'correct horse battery staple';

describe('createAuthentication on SQLite', () => {
  let database: TrussDatabase;
  beforeAll(async () => {
    database = await createDatabase('sqlite::memory:');
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    await database.destroy();
  });

  async function setUp() {
    const repositories = createRepositories(database);
    const hasher = createArgon2Hasher({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    const authentication = await createAuthentication({
      users: repositories.users,
      repositories,
      hasher,
      tokens: {
        keys: [await generateSigningKey('EdDSA')],
        issuer: 'shop',
        audience: 'shop-api',
        ttlSeconds: 600,
      },
      mfa: { issuer: 'Shop', secretKey: generateEncryptionKey() },
      loginThrottle: { freeAttempts: 2 },
    });
    const users = createUserService({ users: repositories.users, hasher });
    const email = `ada-${crypto.randomUUID()}@example.com`;
    const user = await users.register({ email, password: PASSWORD });
    return { ...authentication, email, userId: user.id };
  }

  it('logs in, verifies, and refuses a token at once once the user is revoked', async () => {
    const { auth, accessTokens, revocations, email, userId } = await setUp();
    expect(accessTokens.ttlSeconds).toBe(600);
    const login = await auth.login({ email, password: PASSWORD });
    if (isMfaChallenge(login)) throw new Error('no MFA yet');
    await expect(auth.authenticate(login.accessToken)).resolves.toMatchObject({ userId, role: 'user' });
    await revocations.revokeUser(userId);
    expect(await errorCodeOf(auth.authenticate(login.accessToken))).toBe('invalid_token');
  });

  it('wires MFA: once enrolled, a login asks for the code, and a second factor completes it', async () => {
    const { auth, mfa, email, userId } = await setUp();
    if (!mfa) throw new Error('mfa was configured');
    const { secret } = await mfa.enroll(userId);
    const { recoveryCodes } = await mfa.confirm(userId, totpCode(secret, Date.now()));
    const challenge = await auth.login({ email, password: PASSWORD });
    if (!isMfaChallenge(challenge)) throw new Error('expected an MFA challenge');
    // The code just used is spent for its time step: a recovery code completes the login.
    const tokens = await auth.completeMfaLogin({
      mfaToken: challenge.mfaToken,
      recoveryCode: recoveryCodes[0] as string,
    });
    await expect(auth.authenticate(tokens.accessToken)).resolves.toMatchObject({ userId });
  });

  it('throttles failed logins with the rule given (two free failures)', async () => {
    const { auth, email } = await setUp();
    // Two free failures, a third that starts the delay; then even the right password waits.
    for (let i = 0; i < 3; i++)
      expect(await errorCodeOf(auth.login({ email, password: 'wrong password!!' }))).toBe(
        'invalid_credentials',
      );
    expect(await errorCodeOf(auth.login({ email, password: PASSWORD }))).toBe('rate_limited');
  });

  it('refuses options that cannot work, naming them', async () => {
    const repositories = createRepositories(database);
    const base = {
      users: repositories.users,
      hasher: createArgon2Hasher(),
      tokens: { keys: [await generateSigningKey('EdDSA')], issuer: 'shop', audience: 'shop-api' },
    };
    const mfaWithoutStore = createAuthentication({
      ...base,
      repositories: { refreshTokens: repositories.refreshTokens },
      mfa: { issuer: 'Shop', secretKey: generateEncryptionKey() },
    });
    await expect(mfaWithoutStore).rejects.toMatchObject({
      code: 'validation_error',
      details: [{ path: 'repositories.mfa', message: 'is required with mfa' }],
    });
    const noKeys = createAuthentication({ ...base, repositories, tokens: { ...base.tokens, keys: [] } });
    expect(await errorCodeOf(noKeys)).toBe('validation_error');
    const shortKey = createAuthentication({
      ...base,
      repositories,
      mfa: { issuer: 'Shop', secretKey: 'c2hvcnQ=' },
    });
    expect(await errorCodeOf(shortKey)).toBe('validation_error');
  });
});
