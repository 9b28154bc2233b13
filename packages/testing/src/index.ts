/**
 * The Truss test kit: isolated databases on real servers, service probes that skip (or, in CI,
 * fail) suites whose services are down, and the conformance suites that every implementation of a
 * Truss port or adapter runs.
 *
 * @example
 * ```ts
 * import { createTestDatabase, describeWithServices } from '@truss/testing';
 * ```
 *
 * @module @truss/testing
 */

export { isCi } from './ci.js';
export type {
  ConformanceActivity,
  ConformanceEvent,
  EventTransportConformanceTarget,
  TransportUnderTest,
} from './conformance/event-transport.js';
export { runEventTransportConformance } from './conformance/event-transport.js';
export type { RawResponse } from './conformance/http-adapter/raw-http.js';
export { rawRequest } from './conformance/http-adapter/raw-http.js';
export type { HttpAdapterUnderTest, ServedKernel } from './conformance/http-adapter.js';
export { CONFORMANCE_BODY_LIMIT, runHttpAdapterConformance } from './conformance/http-adapter.js';
export type {
  ConformanceRepositories,
  OpenedRepositories,
  RepositoryCapabilities,
  RepositoryConformanceTarget,
} from './conformance/repositories.js';
export { runRepositoryConformance } from './conformance/repositories.js';
export type { OpenedServiceTarget, ServiceConformanceTarget } from './conformance/services.js';
export { runServiceConformance } from './conformance/services.js';
export type { OpenedStore, StoreConformanceTarget } from './conformance/shared-state/index.js';
export {
  runCacheStoreConformance,
  runRateLimitStoreConformance,
  runRevocationStoreConformance,
  runThrottleStoreConformance,
} from './conformance/shared-state/index.js';
export type { ManualClock } from './fixtures.js';
export { errorCodeOf, manualClock } from './fixtures.js';
export type { TestRedisServer } from './redis-server.js';
export { startRedisServer } from './redis-server.js';
export type { ProbeResult, ServiceName } from './services.js';
export { probeService, SERVICES, serviceUrl } from './services.js';
export type { TestDatabase, TestDatabaseKind } from './test-database.js';
export { createTestDatabase } from './test-database.js';
export type { TestCharge, TestPaymentProvider } from './test-payment-provider.js';
export { createTestPaymentProvider, TEST_PAYMENT_TOKENS } from './test-payment-provider.js';
export { describeWithTool, findTool } from './tools.js';
export { describeWithServices, serviceUnavailable } from './vitest-services.js';
