import type { TransactionRepositories, UnitOfWork } from '@truss/core';
import { afterAll, beforeAll } from 'vitest';
import type { ServiceName } from '../services.js';
import { describeWithServices } from '../vitest-services.js';
import { adminAndScanConformance } from './repositories/admin-and-scans.js';
import { auditLogConformance, outboxConformance } from './repositories/events-and-audit.js';
import { orderConformance } from './repositories/orders.js';
import {
  processedEventConformance,
  salesAnalyticsConformance,
} from './repositories/processed-events-and-sales.js';
import { productConformance } from './repositories/products.js';
import type { ConformanceContext } from './repositories/shared.js';
import { unitOfWorkConformance } from './repositories/unit-of-work.js';
import { refreshTokenConformance, userConformance } from './repositories/users.js';

/** The repositories the suite checks: every core repository port and a unit of work. */
export interface ConformanceRepositories extends TransactionRepositories {
  unitOfWork: UnitOfWork;
}

/** Repositories opened on a database of their own, and how to close them. */
export interface OpenedRepositories {
  repositories: ConformanceRepositories;
  /** Closes connections and removes the database. */
  close(): Promise<void>;
}

/** What an implementation can do; the suite skips, with the reason, what it cannot. */
export interface RepositoryCapabilities {
  /**
   * Whether concurrent calls can run at once (a connection pool, or serialized safely). The race
   * tests (markUsed, 50 stock decrements, concurrent orders) need it. Default `true`.
   */
  concurrency?: boolean;
}

/** An implementation of the repository ports under test. */
export interface RepositoryConformanceTarget {
  /** Shown in the suite names, e.g. `kysely on PostgreSQL`. */
  name: string;
  /** Services it needs: its suite skips (or, under `CI=true`, fails the run) when one is down. */
  services?: readonly ServiceName[];
  /** Opens the repositories on a fresh, migrated, empty database of their own. Called once. */
  open(): Promise<OpenedRepositories>;
  capabilities?: RepositoryCapabilities;
}

/**
 * The repository conformance suite: users, refresh tokens, products, orders, outbox, audit log,
 * processed events (idempotent consumers), daily sales and the unit of work (which hands out every repository, MFA included), with exact money, stable
 * cursor pagination, optimistic concurrency, domain error codes and the concurrency guarantees (of
 * 50 concurrent stock decrements against a stock of 10, exactly 10 succeed). Every implementation of the ports runs it unchanged, in one test
 * file of its own.
 *
 * @example
 * ```ts
 * runRepositoryConformance({
 *   name: 'kysely on SQLite (memory)',
 *   async open() {
 *     const database = await createDatabase('sqlite::memory:');
 *     await migrateToLatest(database.db);
 *     return { repositories: createRepositories(database), close: () => database.destroy() };
 *   },
 * });
 * ```
 */
export function runRepositoryConformance(target: RepositoryConformanceTarget): void {
  describeWithServices(target.services ?? [], `repository conformance: ${target.name}`, () => {
    let opened: OpenedRepositories | undefined;
    beforeAll(async () => {
      opened = await target.open();
    });
    afterAll(async () => {
      await opened?.close();
    });
    const ctx: ConformanceContext = {
      repos: () => {
        if (!opened) throw new Error(`${target.name}: open() has not completed`);
        return opened.repositories;
      },
      concurrency: target.capabilities?.concurrency !== false,
    };
    userConformance(ctx);
    refreshTokenConformance(ctx);
    productConformance(ctx);
    orderConformance(ctx);
    outboxConformance(ctx);
    auditLogConformance(ctx);
    unitOfWorkConformance(ctx);
    adminAndScanConformance(ctx);
    processedEventConformance(ctx);
    salesAnalyticsConformance(ctx);
  });
}
