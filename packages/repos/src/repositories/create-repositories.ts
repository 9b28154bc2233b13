import type { Clock, FieldCipher, TransactionRepositories, UnitOfWork } from '@truss/core';
import type { TrussDatabase } from '../connect/create-database.js';
import { executorOf, type RepositorySource } from '../executor/create-executor.js';
import { repositoriesOn } from './repositories-on.js';
import { createUnitOfWork } from './unit-of-work.js';

/**
 * Options of {@link createRepositories} and {@link createUnitOfWork}.
 *
 * @example
 * ```ts
 * createRepositories(database, { clock: { now: () => new Date('2030-01-01T00:00:00Z') } });
 * ```
 */
export interface RepositoriesOptions {
  /** Source of timestamps. Default: the system clock. */
  clock?: Clock;
  /**
   * Seals users' emails and names at rest with AES-256-GCM and finds emails by a keyed blind index
   * (spec §7.3): see {@link createFieldCipher}. Without one (`undefined`), they are stored in
   * plaintext and Node emits a `TRUSS_PLAINTEXT_PII` warning once; `null` chooses plaintext
   * without the warning (tests, tools). A row sealed earlier then cannot be read (`internal_error`).
   * The reference server refuses to start in production without keys.
   */
  cipher?: FieldCipher | null | undefined;
}

/**
 * Every repository (users, refresh tokens, products, orders, outbox, audit log, user
 * administration, MFA, processed events, daily sales), and a unit of work that hands out the same set bound to one transaction.
 *
 * @example
 * ```ts
 * const { products, mfa, unitOfWork }: Repositories = createRepositories(database);
 * ```
 */
export interface Repositories extends TransactionRepositories {
  unitOfWork: UnitOfWork;
}

function isTrussDatabase(value: unknown): value is TrussDatabase {
  return (
    typeof value === 'object' &&
    value !== null &&
    'executor' in value &&
    typeof (value as TrussDatabase).readExecutor === 'function'
  );
}

/**
 * Every repository on one database, each built once, wired as the reference server needs them:
 * given a {@link TrussDatabase}, they run on its {@link TrussDatabase.executor} (the driver's fast
 * paths) and plain reads go to its replicas (when it has any); the unit of work and everything
 * inside it use the primary. Given an executor or a kysely instance, everything runs on it.
 *
 * @example
 * ```ts
 * const database = await createDatabase(process.env.DATABASE_URL ?? 'sqlite:./data/truss.db');
 * await migrateToLatest(database.db);
 * const cipher = createFieldCipher(parseDataKeys(process.env.DATA_ENCRYPTION_KEYS!));
 * const { users, products, orders, mfa, unitOfWork } = createRepositories(database, { cipher });
 * ```
 */
export function createRepositories(
  database: TrussDatabase | RepositorySource,
  options: RepositoriesOptions = {},
): Repositories {
  const executor = isTrussDatabase(database) ? database.executor : executorOf(database);
  const reader =
    isTrussDatabase(database) && database.replicas.length > 0 ? database.readExecutor : undefined;
  // Spreading the lazy set builds each repository now, once.
  return {
    ...repositoriesOn(executor, { clock: options.clock, reader, cipher: options.cipher }),
    unitOfWork: createUnitOfWork(executor, options),
  };
}
