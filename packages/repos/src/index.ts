/**
 * Truss repositories on kysely: one schema, one set of migrations and one implementation of the
 * `@truss/core` repository ports for PostgreSQL, MySQL/MariaDB and SQLite, chosen by a
 * `DATABASE_URL`. Only the driver of the chosen database is loaded. The repositories run on the
 * database's {@link Executor}, which holds its driver's fast paths. The migration command's
 * function is on the `@truss/repos/cli` subpath.
 *
 * @example
 * ```ts
 * import { createDatabase, createFieldCipher, createRepositories, migrateToLatest, parseDataKeys, resealUsers } from '@truss/repos';
 *
 * const database = await createDatabase('sqlite:./data/truss.db');
 * await migrateToLatest(database.db);
 * const cipher = createFieldCipher(parseDataKeys(process.env.DATA_ENCRYPTION_KEYS!)); // PII at rest
 * await resealUsers(database, cipher, { scope: 'plaintext' }); // rows written before a key was set
 * const { users, orders, unitOfWork } = createRepositories(database, { cipher });
 * ```
 *
 * @module @truss/repos
 */

export type { SalesAnalyticsRepositoryOptions } from './analytics/sales-analytics-repository.js';
export { createSalesAnalyticsRepository } from './analytics/sales-analytics-repository.js';
export type { AuditLogRepositoryOptions } from './audit/audit-log-repository.js';
export { createAuditLogRepository } from './audit/audit-log-repository.js';
export type { CreateDatabaseOptions, TrussDatabase } from './connect/create-database.js';
export { createDatabase } from './connect/create-database.js';
export type {
  DatabaseTarget,
  ServerDatabaseTarget,
  SqliteDatabaseTarget,
} from './connect/parse-database-url.js';
export { parseDatabaseUrl } from './connect/parse-database-url.js';
export type { DataKey } from './crypto/field-cipher.js';
export { createFieldCipher, generateDataKey, parseDataKeys, SINGLE_KEY_ID } from './crypto/field-cipher.js';
export type { AnyKysely, DialectName } from './dialect.js';
export { dialectOf } from './dialect.js';
export type { DatabaseErrorMessages, DatabaseFailure } from './errors.js';
export { classifyDatabaseError, toTrussError, withDatabaseErrors } from './errors.js';
export type { ProcessedEventRepositoryOptions } from './events/processed-event-repository.js';
export { createProcessedEventRepository } from './events/processed-event-repository.js';
export type { RepositorySource } from './executor/create-executor.js';
export { createExecutor } from './executor/create-executor.js';
export type { Executor, MaybePromise } from './executor/executor.js';
export type { PreparedBatch, PreparedQuery, QueryBuilderLike } from './executor/prepared-query.js';
export { prepareBatch, prepareQuery } from './executor/prepared-query.js';
export type { IdempotencyStoreOptions } from './idempotency/idempotency-store.js';
export { createIdempotencyStore } from './idempotency/idempotency-store.js';
export { createMfaRepository } from './mfa/mfa-repository.js';
export type { MigrateDownOptions, MigrationState, MigrationStep } from './migrations/migrate.js';
export { MIGRATION_TABLE, migrateDown, migrateToLatest, migrationStatus } from './migrations/migrate.js';
export { centsToMoney, fromDbMoney, moneyToCents, toDbMoney } from './money.js';
export type { OrderRepositoryOptions } from './orders/order-repository.js';
export { createOrderRepository } from './orders/order-repository.js';
export type { OutboxRepositoryOptions } from './outbox/outbox-repository.js';
export { createOutboxRepository } from './outbox/outbox-repository.js';
export { createPaymentAttemptRepository } from './payments/payment-attempt-repository.js';
export type { ProductRepositoryOptions } from './products/product-repository.js';
export { createProductRepository } from './products/product-repository.js';
export type { ReaderSource, ReadOptions } from './reader.js';
export { withPrimaryReads } from './reader.js';
export type { Repositories, RepositoriesOptions } from './repositories/create-repositories.js';
export { createRepositories } from './repositories/create-repositories.js';
export { CONCURRENT_UPDATE_ATTEMPTS, createUnitOfWork } from './repositories/unit-of-work.js';
export { createPasswordResetRepository } from './resets/password-reset-repository.js';
export type { PurgeOptions, PurgeResult } from './retention/purge-expired.js';
export { purgeExpired } from './retention/purge-expired.js';
export type {
  AuditLogTable,
  DailySalesTable,
  Database,
  DefaultedTimestampColumn,
  MfaFactorsTable,
  MfaRecoveryCodesTable,
  MoneyColumn,
  OrderItemsTable,
  OrdersTable,
  OutboxTable,
  PasswordResetsTable,
  ProcessedEventsTable,
  ProductsTable,
  RefreshTokensTable,
  SessionsTable,
  TimestampColumn,
  TrussKysely,
  UsersTable,
} from './schema.js';
export { createRefreshTokenRepository } from './tokens/refresh-token-repository.js';
export { piiKeyUsage } from './users/pii-key-usage.js';
export { preparePersonalData } from './users/prepare-personal-data.js';
export type { ResealOptions, ResealProgress } from './users/reseal-users.js';
export { resealUsers } from './users/reseal-users.js';
export type { UserAdminRepositoryOptions } from './users/user-admin-repository.js';
export { createUserAdminRepository } from './users/user-admin-repository.js';
export type { UserRepositoryOptions } from './users/user-repository.js';
export { createUserRepository } from './users/user-repository.js';
