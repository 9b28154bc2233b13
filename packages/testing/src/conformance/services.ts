import type { AccessControl, PasswordHasher } from '@truss/core';
import { afterAll, beforeAll } from 'vitest';
import type { ServiceName } from '../services.js';
import { describeWithServices } from '../vitest-services.js';
import type { ConformanceRepositories } from './repositories.js';
import { orderServiceConformance } from './services/orders.js';
import { productServiceConformance } from './services/products.js';
import { buildServices, type ServiceContext } from './services/shared.js';
import { userServiceConformance } from './services/users.js';

/** What the service suite runs on: the repositories, a password hasher, and the access control. */
export interface OpenedServiceTarget {
  repositories: ConformanceRepositories;
  /** A real hasher (argon2id from `@truss/auth/argon2`, say). */
  hasher: PasswordHasher;
  /** The `AccessControl` port on the spec's permission table (`toAccessControl(createAuthorizer())`). */
  access: AccessControl;
  /** Closes connections and removes the database. */
  close(): Promise<void>;
}

/** Repositories under the core services. */
export interface ServiceConformanceTarget {
  /** Shown in the suite names, e.g. `kysely on PostgreSQL`. */
  name: string;
  /** Services it needs: its suite skips (or, under `CI=true`, fails the run) when one is down. */
  services?: readonly ServiceName[];
  /** Opens everything on a fresh, migrated, empty database of its own. Called once. */
  open(): Promise<OpenedServiceTarget>;
}

/**
 * The core services — users, user administration, products, orders with payments — on a set of
 * repositories, through their public functions (no HTTP): authorization and ownership, stock and
 * totals, state transitions, payments charged once, outbox events and audit rows written with the
 * change, and nothing stored when a call fails. Run it on every repository implementation whose
 * repository conformance passes.
 *
 * @example
 * ```ts
 * runServiceConformance({
 *   name: 'kysely on SQLite',
 *   async open() {
 *     const database = await createDatabase('sqlite::memory:');
 *     await migrateToLatest(database.db);
 *     const access = toAccessControl(createAuthorizer());
 *     return { repositories: createRepositories(database), hasher: createArgon2Hasher(), access, close: () => database.destroy() };
 *   },
 * });
 * ```
 */
export function runServiceConformance(target: ServiceConformanceTarget): void {
  describeWithServices(target.services ?? [], `service conformance: ${target.name}`, () => {
    let opened: OpenedServiceTarget | undefined;
    let built: ReturnType<typeof buildServices> | undefined;
    beforeAll(async () => {
      opened = await target.open();
      built = buildServices(opened);
    });
    afterAll(async () => {
      await opened?.close();
    });
    const ctx: ServiceContext = {
      get: () => {
        if (!built) throw new Error(`${target.name}: open() has not completed`);
        return built;
      },
    };
    userServiceConformance(ctx);
    productServiceConformance(ctx);
    orderServiceConformance(ctx);
  });
}
