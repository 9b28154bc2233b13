import type { Clock, FieldCipher, TransactionRepositories } from '@truss/core';
import { createSalesAnalyticsRepository } from '../analytics/sales-analytics-repository.js';
import { createAuditLogRepository } from '../audit/audit-log-repository.js';
import { createProcessedEventRepository } from '../events/processed-event-repository.js';
import type { Executor } from '../executor/executor.js';
import { createMfaRepository } from '../mfa/mfa-repository.js';
import { createOrderRepository } from '../orders/order-repository.js';
import { createOutboxRepository } from '../outbox/outbox-repository.js';
import { createPaymentAttemptRepository } from '../payments/payment-attempt-repository.js';
import { createProductRepository } from '../products/product-repository.js';
import type { ReaderSource } from '../reader.js';
import { createPasswordResetRepository } from '../resets/password-reset-repository.js';
import { createRefreshTokenRepository } from '../tokens/refresh-token-repository.js';
import { createUserAdminRepository } from '../users/user-admin-repository.js';
import { createUserRepository } from '../users/user-repository.js';

/**
 * What {@link repositoriesOn} passes to every repository.
 *
 * @example
 * ```ts
 * const settings: RepositorySettings = { clock: systemClock, reader: database.readExecutor };
 * ```
 */
export interface RepositorySettings {
  /** Source of timestamps. Default: the system clock. */
  clock?: Clock | undefined;
  /** Where plain reads go. Default: the executor itself. */
  reader?: ReaderSource | undefined;
  /** Seals emails and names at rest (the user repositories); see {@link RepositoriesOptions.cipher}. */
  cipher?: FieldCipher | null | undefined;
}

type Makers = { [K in keyof TransactionRepositories]: () => TransactionRepositories[K] };

/**
 * Every repository on `executor`, each built once, on first use: a unit of work hands a fresh set
 * to every transaction, and most use two or three of them.
 *
 * @example
 * ```ts
 * await executor.transaction(async (trx) => {
 *   const { products, orders } = repositoriesOn(trx);
 *   // …
 * });
 * ```
 */
export function repositoriesOn(
  executor: Executor,
  settings: RepositorySettings = {},
): TransactionRepositories {
  const options = {
    ...(settings.clock ? { clock: settings.clock } : {}),
    ...(settings.reader ? { reader: settings.reader } : {}),
  };
  const withCipher = { ...options, cipher: settings.cipher };
  const makers: Makers = {
    // Users are read on the primary: a login right after registering, or a token check right after
    // a role change, must never fail because a replica lags.
    users: () =>
      createUserRepository(executor, {
        ...(settings.clock ? { clock: settings.clock } : {}),
        cipher: settings.cipher,
      }),
    refreshTokens: () => createRefreshTokenRepository(executor),
    products: () => createProductRepository(executor, options),
    orders: () => createOrderRepository(executor, options),
    outbox: () => createOutboxRepository(executor, options),
    auditLog: () => createAuditLogRepository(executor, options),
    userAdmin: () => createUserAdminRepository(executor, withCipher),
    mfa: () => createMfaRepository(executor),
    passwordResets: () => createPasswordResetRepository(executor),
    paymentAttempts: () => createPaymentAttemptRepository(executor),
    processedEvents: () => createProcessedEventRepository(executor, options),
    salesAnalytics: () => createSalesAnalyticsRepository(executor, options),
  };
  const built = new Map<keyof TransactionRepositories, unknown>();
  const repositories = {} as TransactionRepositories;
  for (const name of Object.keys(makers) as (keyof TransactionRepositories)[]) {
    Object.defineProperty(repositories, name, {
      enumerable: true,
      get: () => {
        if (!built.has(name)) built.set(name, makers[name]());
        return built.get(name);
      },
    });
  }
  return repositories;
}
