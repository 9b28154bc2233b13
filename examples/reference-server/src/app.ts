import {
  createAccessTokenRevocations,
  createAccessTokens,
  createArgon2Hasher,
  createAuthService,
  createLoginThrottle,
  createMfaService,
  createSecretBox,
  loadOrCreateEncryptionKeyFile,
  loadOrCreateKeyFile,
} from '@truss/auth';
import { type Logger, withUserCreatedEvents } from '@truss/core';
import { createKernel, type Kernel, logRequests } from '@truss/http';
import {
  createDatabase,
  createMfaRepository,
  createRefreshTokenRepository,
  createRepositories,
  createUserRepository,
  migrateToLatest,
} from '@truss/repos';
import { sql } from 'kysely';
import type { Config } from './config.js';
import { type AppOptions, domainRoutes } from './domain.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes } from './routes/health.js';
import { userRoutes } from './routes/users.js';

/** The wired application: the kernel to serve and how to shut it down. */
export interface App {
  kernel: Kernel;
  /** Closes the database pool. */
  close(): Promise<void>;
}

async function signingKeys(config: Config, logger: Logger) {
  if (config.JWT_KEYS) return config.JWT_KEYS;
  const { keys, created } = await loadOrCreateKeyFile(config.JWT_KEY_FILE, config.JWT_ALGORITHM);
  logger.warn(
    { keyFile: config.JWT_KEY_FILE, created },
    `JWT_KEYS is not set: using development signing keys from ${config.JWT_KEY_FILE}. Set JWT_KEYS in production.`,
  );
  return keys;
}

async function encryptionKey(config: Config, logger: Logger) {
  if (config.DATA_ENCRYPTION_KEY) return config.DATA_ENCRYPTION_KEY;
  const { key, created } = await loadOrCreateEncryptionKeyFile(config.DATA_KEY_FILE);
  logger.warn(
    { keyFile: config.DATA_KEY_FILE, created },
    `DATA_ENCRYPTION_KEY is not set: using a development key from ${config.DATA_KEY_FILE}. Set DATA_ENCRYPTION_KEY in production.`,
  );
  return key;
}

/**
 * Wires every package into the reference application: database and migrations, repositories,
 * argon2id, access tokens, services, routes and the kernel. Creates the Admin of `ADMIN_EMAIL` when
 * absent.
 */
export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const database = await createDatabase(config.DATABASE_URL);
  try {
    const migrated = await migrateToLatest(database.db);
    logger.info({ applied: migrated }, 'database migrated');

    // Logout, reuse detection, role changes and deletions end access tokens at once (in this process).
    const revocations = createAccessTokenRevocations({ accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL });
    const accessTokens = await createAccessTokens({
      keys: await signingKeys(config, logger),
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ttlSeconds: config.ACCESS_TOKEN_TTL,
      isRevoked: revocations.isRevoked,
    });
    const repositories = createRepositories(database);
    // Every new user (registration, the boot Admin) gets its user.created event in the same transaction.
    const users = withUserCreatedEvents(createUserRepository(database.db), repositories.unitOfWork);
    const mfa = createMfaService({
      mfa: createMfaRepository(database.db),
      users,
      secretBox: createSecretBox(await encryptionKey(config, logger)),
      issuer: config.MFA_ISSUER,
    });
    const auth = createAuthService({
      users,
      mfa,
      revocations,
      audit: repositories.auditLog,
      throttle: createLoginThrottle({
        freeAttempts: config.LOGIN_FREE_ATTEMPTS,
        maxDelaySeconds: config.LOGIN_MAX_DELAY,
        accountFreeAttempts: config.LOGIN_ACCOUNT_FREE_ATTEMPTS,
        accountMaxDelaySeconds: config.LOGIN_ACCOUNT_MAX_DELAY,
      }),
      refreshTokens: createRefreshTokenRepository(database.db),
      hasher: createArgon2Hasher({
        memoryCost: config.ARGON2_MEMORY_KIB,
        timeCost: config.ARGON2_ITERATIONS,
        parallelism: config.ARGON2_PARALLELISM,
      }),
      accessTokens,
      refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL,
    });

    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      const { user, created } = await auth.userService.ensureUser({
        email: config.ADMIN_EMAIL,
        password: config.ADMIN_PASSWORD,
        role: 'admin',
      });
      logger.info(
        { email: user.email, created },
        created ? 'admin user created' : 'admin user already exists',
      );
    }

    const kernel = createKernel({
      routes: [
        ...healthRoutes(async () => {
          await sql`select 1`.execute(database.db);
        }),
        ...authRoutes(auth, mfa, accessTokens, {
          cookieSecure: config.COOKIE_SECURE,
          refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL,
        }),
        ...userRoutes(auth.userService),
        ...domainRoutes(repositories, logger, options, {
          production: config.NODE_ENV === 'production',
          revokeAccess: (userId) => auth.revokeAccess(userId),
        }),
      ],
      middleware: [logRequests(logger)],
      authenticate: (token) => auth.authenticate(token),
      bodyLimit: config.BODY_LIMIT,
      logger,
    });
    return { kernel, close: () => database.destroy() };
  } catch (error) {
    await database.destroy();
    throw error;
  }
}
