import type { AnyAuthorizer } from '@truss/api';
import { createArgon2Hasher } from '@truss/auth/argon2';
import type { Logger, Mailer, PasswordHasher, PaymentProvider } from '@truss/core';
import type { EventConsumer } from '@truss/events';
import { createTestPaymentProvider } from '@truss/testing/payments';
import type { Config } from './config.js';
import { createMailer } from './mailer.js';

// The parts of the reference server an application replaces (`createApp(config, logger, options)`),
// and their defaults from the configuration.

/** What a caller of `createApp` / `startServer` may replace. */
export interface AppOptions {
  /** The payment provider. Default: the deterministic test provider (refused in production). */
  payments?: PaymentProvider;
  /** How long to wait for the payment provider, in ms. Default 10 000. */
  paymentTimeoutMs?: number;
  /** The permission table. Default: `createAuthorizer()`, the spec's. */
  authorizer?: AnyAuthorizer;
  /** Prefix of every Redis key (with `REDIS_URL`): one per application sharing a Redis. Default `truss:`. */
  redisPrefix?: string;
  /** The password hasher. Default: argon2id with the configured `ARGON2_*` parameters. */
  hasher?: PasswordHasher;
  /** The mailer. Default: SMTP with `SMTP_URL`, else `.eml` files in `MAIL_DIR`. */
  mailer?: Mailer;
  /**
   * The event consumers run with `WORKERS=inline` (beside the outbox relay). Default: the reference
   * server's own — `email` (through the mailer), `inventory` (`LOW_STOCK_THRESHOLD`) and `analytics`.
   */
  consumers?: readonly EventConsumer[];
}

/** The payment provider: the one given, else the test provider outside production. */
export function paymentProvider(config: Config, logger: Logger, options: AppOptions): PaymentProvider {
  if (options.payments) return options.payments;
  if (config.NODE_ENV === 'production') {
    throw new Error(
      'NODE_ENV=production needs a payment provider: startServer(config, logger, { payments })',
    );
  }
  logger.warn(
    {},
    'No payment provider given: using the test provider (tok_decline declines, tok_timeout hangs)',
  );
  return createTestPaymentProvider();
}

/** The password hasher: the one given, else argon2id with the configured `ARGON2_*` parameters. */
export function passwordHasher(config: Config, options: AppOptions): PasswordHasher {
  if (options.hasher) return options.hasher;
  return createArgon2Hasher({
    memoryCost: config.ARGON2_MEMORY_KIB,
    timeCost: config.ARGON2_ITERATIONS,
    parallelism: config.ARGON2_PARALLELISM,
  });
}

/** The mailer: the one given, else SMTP with `SMTP_URL`, else `.eml` files in `MAIL_DIR`. */
export function mailerOf(config: Config, logger: Logger, options: AppOptions): Mailer {
  return options.mailer ?? createMailer(config, logger);
}
