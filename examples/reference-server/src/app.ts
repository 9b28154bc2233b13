import { createTrussApi, isIdempotentRoute } from '@truss/api';
import { errorBody } from '@truss/api/contract';
import { createAuthentication } from '@truss/auth/authentication';
import { createPasswordPolicy } from '@truss/auth/password-policy';
import { createSharedState } from '@truss/cache';
import {
  createCache,
  createOrderService,
  createProductService,
  createUserAdminService,
  createUserService,
  type Logger,
  type Mailer,
  withRepositoryCache,
  withUserCreatedEvents,
} from '@truss/core';
import type { EventTransport } from '@truss/events';
import { createKernel, type Kernel, logRequests, readYourWrites } from '@truss/http';
import { cacheMetrics, createMetrics, rateLimitMetrics } from '@truss/metrics';
import { openApiRoutes } from '@truss/openapi';
import { createAuthorizer, toAccessControl } from '@truss/rbac';
import {
  createDatabase,
  createFieldCipher,
  createIdempotencyStore,
  createRepositories,
  migrateToLatest,
  preparePersonalData,
  withPrimaryReads,
} from '@truss/repos';
import { sql } from 'kysely';
import { type AppOptions, mailerOf, passwordHasher, paymentProvider } from './app-options.js';

export type { AppOptions } from './app-options.js';

import type { Config } from './config.js';
import { createConsumers } from './consumers/index.js';
import { type RunningEvents, startEvents } from './events.js';
import { maintenanceJobs, startJobs } from './jobs.js';
import { encryptionKey, personalDataKeys, signingKeys } from './secrets.js';
import { webAppRoutes } from './web-app.js';

/** The wired application: the kernel to serve and how to shut it down. */
export interface App {
  kernel: Kernel;
  /** Sends the application's email (password resets; event emails). */
  mailer: Mailer;
  /** Marks the start of a shutdown: `/readyz` answers 503 `shutting_down` from now on. */
  drain(): void;
  /** The event transport of `EVENTS_TRANSPORT`. */
  events: EventTransport;
  /** Stops the inline workers (finishing the events in hand), then closes the transport, the database pool and the Redis connections. */
  close(): Promise<void>;
}

/**
 * Configuration → dependencies → the Truss API → a kernel: database and migrations, repositories,
 * auth, the services, and `createTrussApi`. Creates the Admin of `ADMIN_EMAIL` when absent.
 */
export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const database = await createDatabase(config.DATABASE_URL, { replicas: config.DATABASE_REPLICA_URLS });
  // Limits, throttles, revocations and the cache: on Redis with REDIS_URL (every instance shares
  // them), in this process without.
  const shared = await createSharedState({ redisUrl: config.REDIS_URL, prefix: options.redisPrefix, logger });
  let events: RunningEvents | null = null;
  let stopJobs = async () => {};
  // The jobs and workers end first: what they are doing finishes before the pool closes.
  const close = async () => {
    await Promise.all([stopJobs(), events?.stop()]);
    await Promise.all([database.destroy(), shared.close()]);
  };
  try {
    logger.info({ applied: await migrateToLatest(database.db) }, 'database migrated');
    const metrics = createMetrics(config.METRICS_TOKEN ? { token: config.METRICS_TOKEN } : {});
    const secretKey = await encryptionKey(config, logger);
    const cipher = createFieldCipher(personalDataKeys(config, secretKey));
    // Cached users and products are sealed like the rows: Redis holds no personal data in clear.
    const cache = createCache({
      store: shared.cache,
      ttlSeconds: Math.max(config.CACHE_TTL, 1),
      logger,
      onEvent: cacheMetrics(metrics.registry),
      cipher,
    });
    // Refuses a key ring that cannot read the users; seals those written before encryption.
    const { sealed } = await preparePersonalData(database, cipher, { ringName: 'DATA_ENCRYPTION_KEYS' });
    if (sealed > 0)
      logger.info({ users: sealed, keyId: cipher.currentKeyId }, 'sealed plaintext personal data');
    const plain = createRepositories(database, { cipher });
    const repositories = config.CACHE_TTL > 0 ? withRepositoryCache(plain, cache) : plain;
    const { unitOfWork } = repositories;
    const authorizer = options.authorizer ?? createAuthorizer();
    const access = toAccessControl(authorizer);

    const hasher = passwordHasher(config, options);
    const mailer = mailerOf(config, logger, options);
    const passwordPolicy = createPasswordPolicy();
    // Every new user (registration, the boot Admin) gets its user.created event in the same transaction.
    const users = withUserCreatedEvents(repositories.users, unitOfWork);
    const userService = createUserService({ users, hasher, passwordPolicy });
    // Logout, reuse detection, role changes and deletions end access tokens at once, on every instance.
    const { auth, accessTokens, mfa } = await createAuthentication({
      users,
      repositories,
      hasher,
      tokens: {
        keys: await signingKeys(config, logger),
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        ttlSeconds: config.ACCESS_TOKEN_TTL,
      },
      stores: { revocations: shared.revocations, throttles: shared.throttles },
      loginThrottle: {
        freeAttempts: config.LOGIN_FREE_ATTEMPTS,
        maxDelaySeconds: config.LOGIN_MAX_DELAY,
        accountFreeAttempts: config.LOGIN_ACCOUNT_FREE_ATTEMPTS,
        accountMaxDelaySeconds: config.LOGIN_ACCOUNT_MAX_DELAY,
      },
      mfa: { issuer: config.MFA_ISSUER, secretKey },
      refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL,
      sessionMaxAgeSeconds: config.SESSION_MAX_AGE,
      reauthWindowSeconds: config.REAUTH_WINDOW,
      passwordPolicy,
      mailer,
      logger,
    });

    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      const { user, created } = await userService.ensureUser({
        email: config.ADMIN_EMAIL,
        password: config.ADMIN_PASSWORD,
        role: 'admin',
      });
      logger.info({ userId: user.id, created }, created ? 'admin user created' : 'admin user already exists');
    }

    let draining = false;
    const { redis } = shared;
    const payments = paymentProvider(config, logger, options);
    const api = createTrussApi({
      authorizer,
      allowedOrigins: config.ALLOWED_ORIGINS,
      health: {
        checks: {
          database: () => sql`select 1`.execute(database.db),
          ...(redis ? { redis: () => redis.ping() } : {}),
        },
        draining: () => draining,
      },
      rateLimit: {
        store: shared.rateLimits,
        auth: config.RATE_LIMIT_AUTH,
        api: config.RATE_LIMIT_API,
        export: config.RATE_LIMIT_EXPORT,
        logger,
        onEvent: rateLimitMetrics(metrics.registry),
      },
      // In the database, so a retry that reaches another instance gets the first answer too.
      // Answers are kept a day and may carry personal data (a registration's): sealed like users.
      idempotency: { store: createIdempotencyStore(database.executor, { cipher }) },
      auth: {
        auth,
        users: userService,
        accessTokens,
        mfa,
        cookie: {
          secure: config.COOKIE_SECURE,
          maxAgeSeconds: Math.min(config.REFRESH_TOKEN_TTL, config.SESSION_MAX_AGE),
          refreshTokenInBody: config.REFRESH_TOKEN_IN_BODY,
        },
      },
      users: {
        users: userService,
        admin: createUserAdminService({
          userAdmin: repositories.userAdmin,
          unitOfWork,
          access,
          revokeAccess: (userId) => auth.revokeAccess(userId),
        }),
      },
      products: { products: createProductService({ products: repositories.products, access }) },
      orders: {
        orders: createOrderService({
          orders: repositories.orders,
          unitOfWork,
          access,
          payments,
          paymentAttempts: repositories.paymentAttempts,
          ...(options.paymentTimeoutMs ? { paymentTimeoutMs: options.paymentTimeoutMs } : {}),
          paymentWindowMs: config.ORDER_PAYMENT_TIMEOUT * 1000,
          maxPendingOrders: config.MAX_PENDING_ORDERS,
        }),
      },
      exports: { orders: repositories.orders, users: repositories.userAdmin },
      analytics: { sales: repositories.salesAnalytics },
      add: [...metrics.routes, ...(config.WEB_ROOT ? await webAppRoutes(config.WEB_ROOT) : [])],
    });
    const info = { title: 'Truss reference server', version: '1.0.0' };
    // With replicas, a client's reads stay on the primary for a while after its own writes.
    const afterWrites = readYourWrites({
      store: shared.cache,
      windowSeconds: config.READ_YOUR_WRITES_WINDOW,
      onPrimary: withPrimaryReads,
      logger,
    });
    const kernel = createKernel({
      ...api,
      afterAuthentication: [
        ...api.afterAuthentication,
        ...(database.replicas.length > 0 ? [afterWrites] : []),
      ],
      routes: [
        ...api.routes,
        ...openApiRoutes({ routes: api.routes, info, errorSchema: errorBody, idempotent: isIdempotentRoute }),
      ],
      middleware: [metrics.middleware, logRequests(logger), ...api.middleware],
      bodyLimit: config.BODY_LIMIT,
      logger,
      // Behind a trusted proxy, the proxy's X-Request-Id ties our lines to its own.
      trustRequestId: config.TRUST_PROXY !== false,
    });
    const jobs = startJobs(
      maintenanceJobs(config, { unitOfWork, payments, database, paymentTimeoutMs: options.paymentTimeoutMs }),
      { intervalMs: config.JOBS_INTERVAL * 1000, logger },
    );
    stopJobs = () => jobs.stop();
    events = await startEvents(config, {
      outbox: plain.outbox,
      consumers: () =>
        options.consumers ??
        createConsumers({ unitOfWork, mailer, lowStockThreshold: config.LOW_STOCK_THRESHOLD, logger }),
      metrics: metrics.registry,
      logger,
      workers: config.WORKERS === 'inline',
      prefix: options.redisPrefix,
    });
    return { kernel, events: events.transport, mailer, drain: () => (draining = true), close };
  } catch (error) {
    await close();
    throw error;
  }
}
