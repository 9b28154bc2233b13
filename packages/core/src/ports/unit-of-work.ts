import type { AuditLogRepository } from './audit-log-repository.js';
import type { MfaRepository } from './mfa-repository.js';
import type { OrderRepository } from './order-repository.js';
import type { OutboxRepository } from './outbox-repository.js';
import type { PasswordResetRepository } from './password-reset-repository.js';
import type { PaymentAttemptRepository } from './payment-attempt-repository.js';
import type { ProcessedEventRepository } from './processed-event-repository.js';
import type { ProductRepository } from './product-repository.js';
import type { RefreshTokenRepository } from './refresh-token-repository.js';
import type { SalesAnalyticsRepository } from './sales-analytics-repository.js';
import type { UserAdminRepository } from './user-admin-repository.js';
import type { UserRepository } from './user-repository.js';

/** The repositories a unit of work hands out, all bound to its one transaction. */
export interface TransactionRepositories {
  users: UserRepository;
  refreshTokens: RefreshTokenRepository;
  products: ProductRepository;
  orders: OrderRepository;
  outbox: OutboxRepository;
  auditLog: AuditLogRepository;
  /** Versioned user reads, lists, updates and deletes. */
  userAdmin: UserAdminRepository;
  mfa: MfaRepository;
  /** Single-use password-reset tokens. */
  passwordResets: PasswordResetRepository;
  paymentAttempts: PaymentAttemptRepository;
  /** The events each consumer has applied (idempotent consumers). */
  processedEvents: ProcessedEventRepository;
  /** The daily sales table. */
  salesAnalytics: SalesAnalyticsRepository;
}

/**
 * Runs work that spans repositories atomically: everything `work` does through the repositories it
 * is given commits when it resolves, and none of it when it throws (the error is rethrown).
 * Reads inside go to the primary database.
 */
export interface UnitOfWork {
  run<T>(work: (repositories: TransactionRepositories) => Promise<T>): Promise<T>;
}
