/**
 * The Truss domain: users, products, orders and order items as zod schemas and types, the one error
 * type with the spec's codes, the ports (interfaces) that services depend on, and the services.
 * It imports no I/O library: every other `@truss/*` package implements its ports or drives it.
 *
 * @example
 * ```ts
 * import { createUserService, TrussError } from '@truss/core';
 * ```
 *
 * @module @truss/core
 */

export type { Cache, CacheEvent, CacheOptions } from './cache/cache-aside.js';
export { createCache } from './cache/cache-aside.js';
export { decodeCached, encodeCached } from './cache/cache-codec.js';
export {
  CACHE_KEYS,
  withCacheInvalidation,
  withProductCache,
  withRepositoryCache,
  withUserAdminCache,
  withUserCache,
} from './cache/cached-repositories.js';
export type { LoginInput, MfaLoginInput, SecondFactor } from './domain/credentials.js';
export { loginInputSchema, mfaLoginInputSchema, secondFactorSchema } from './domain/credentials.js';
export type { Money } from './domain/money.js';
export { moneySchema } from './domain/money.js';
export type { Order, OrderItem, OrderStatus } from './domain/order.js';
export { ORDER_STATUSES, orderItemSchema, orderSchema, orderStatusSchema } from './domain/order.js';
export type { Product } from './domain/product.js';
export { productSchema } from './domain/product.js';
export { multiLineText, singleLineText } from './domain/text.js';
export type { NewUser, Principal, RegisterInput, Role, User } from './domain/user.js';
export {
  emailSchema,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordSchema,
  personNameSchema,
  ROLES,
  registerInputSchema,
  roleSchema,
  userSchema,
} from './domain/user.js';
export type { ErrorCode, FieldIssue, TrussErrorOptions } from './errors.js';
export { ERROR_CODES, isTrussError, statusOf, TrussError } from './errors.js';
export { createMemoryCacheStore } from './memory/memory-cache-store.js';
export { createMemoryIdempotencyStore } from './memory/memory-idempotency-store.js';
export type { MemoryStoreOptions } from './memory/memory-options.js';
export { createMemoryRateLimitStore } from './memory/memory-rate-limit-store.js';
export { createMemoryRevocationStore } from './memory/memory-revocation-store.js';
export { createMemoryThrottleStore, throttleDelayMs } from './memory/memory-throttle-store.js';
export type { AccessControl } from './ports/access-control.js';
export type {
  AuditEntry,
  AuditLogQuery,
  AuditLogRepository,
  NewAuditEntry,
} from './ports/audit-log-repository.js';
export type { CacheLookup, CacheStore, CacheWatch } from './ports/cache-store.js';
export type { Clock } from './ports/clock.js';
export { systemClock } from './ports/clock.js';
export type { FieldCipher } from './ports/field-cipher.js';
export type { IdempotencyBegin, IdempotencyStore, StoredAnswer } from './ports/idempotency-store.js';
export type { Logger } from './ports/logger.js';
export { childLogger, silentLogger } from './ports/logger.js';
export type { Mailer, MailMessage } from './ports/mailer.js';
export type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  MetricLabels,
  MetricOptions,
  MetricsRegistry,
} from './ports/metrics.js';
export { noopMetrics } from './ports/metrics.js';
export type { MfaFactor, MfaRepository } from './ports/mfa-repository.js';
export type {
  NewOrder,
  NewOrderItem,
  OrderListQuery,
  OrderRecord,
  OrderRepository,
  OrderScanOptions,
  OrderSearchQuery,
  OrderStatusChanges,
} from './ports/order-repository.js';
export type { NewOutboxMessage, OutboxMessage, OutboxRepository } from './ports/outbox-repository.js';
export type { Page, PageRequest } from './ports/page.js';
export type { PasswordCheck, PasswordHasher } from './ports/password-hasher.js';
export type { PasswordPolicy } from './ports/password-policy.js';
export type {
  PasswordResetRecord,
  PasswordResetRepository,
  PasswordResetUse,
} from './ports/password-reset-repository.js';
export type {
  PaymentAttempt,
  PaymentAttemptRepository,
  PaymentAttemptState,
} from './ports/payment-attempt-repository.js';
export type { ChargeRequest, ChargeResult, PaymentProvider } from './ports/payment-provider.js';
export type { ProcessedEventRepository } from './ports/processed-event-repository.js';
export type {
  NewProduct,
  ProductChanges,
  ProductListQuery,
  ProductRecord,
  ProductRepository,
} from './ports/product-repository.js';
export type { RateLimitCount, RateLimitStore } from './ports/rate-limit-store.js';
export type {
  RefreshTokenRecord,
  RefreshTokenRepository,
  SessionRecord,
} from './ports/refresh-token-repository.js';
export type { RevocationKind, RevocationStore, Revocations } from './ports/revocation-store.js';
export type { DailySales, SalesAnalyticsRepository } from './ports/sales-analytics-repository.js';
export type { ThrottleDecision, ThrottleRule, ThrottleStore } from './ports/throttle-store.js';
export type { TransactionRepositories, UnitOfWork } from './ports/unit-of-work.js';
export type {
  SortDirection,
  UserAdminRepository,
  UserChanges,
  UserListQuery,
  UserRecord,
  UserScanOptions,
} from './ports/user-admin-repository.js';
export type { UserRepository } from './ports/user-repository.js';
export type {
  OrderCreatedPayload,
  OrderShippedPayload,
  UserCreatedPayload,
} from './services/domain-events.js';
export {
  DOMAIN_EVENTS,
  orderCreatedEvent,
  orderShippedEvent,
  userCreatedEvent,
} from './services/domain-events.js';
export type { OrderExpiryDeps } from './services/order-expiry.js';
export { expirePendingOrders } from './services/order-expiry.js';
export type { ChargeOrderDeps } from './services/order-payment.js';
export { chargeOrder, paymentKey } from './services/order-payment.js';
export type {
  OrderAction,
  OrderCreateInput,
  OrderService,
  OrderServiceDeps,
  PayOrderInput,
  ShipOrderInput,
} from './services/order-service.js';
export {
  createOrderService,
  ORDER_LIMITS,
  ORDER_TRANSITIONS,
  orderCreateInputSchema,
  payOrderInputSchema,
  shipOrderInputSchema,
} from './services/order-service.js';
export type {
  ProductCreateInput,
  ProductService,
  ProductServiceDeps,
  ProductUpdateInput,
  StockAdjustmentInput,
} from './services/product-service.js';
export {
  createProductService,
  MAX_STOCK,
  productCreateInputSchema,
  productUpdateInputSchema,
  stockAdjustmentInputSchema,
} from './services/product-service.js';
export type {
  UserAdminService,
  UserAdminServiceDeps,
  UserUpdateInput,
} from './services/user-admin-service.js';
export { createUserAdminService, userUpdateInputSchema } from './services/user-admin-service.js';
export { withUserCreatedEvents } from './services/user-created-events.js';
export type { EnsureUserInput, UserService, UserServiceDeps } from './services/user-service.js';
export { createUserService, ensureUserInputSchema } from './services/user-service.js';
export { markValidated, parseInput, toFieldIssues } from './validation.js';
