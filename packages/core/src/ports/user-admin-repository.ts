import type { Role, User } from '../domain/user.js';
import type { Page, PageRequest } from './page.js';

/**
 * A stored user with its `version`, which every change increments (optimistic concurrency).
 *
 * @example
 * ```ts
 * const record: UserRecord | null = await userAdmin.findRecord(id); // record.version
 * ```
 */
export type UserRecord = User & { version: number };

/**
 * The fields {@link UserAdminRepository.update} may change.
 *
 * @example
 * ```ts
 * const changes: UserChanges = { firstName: 'Ada', role: 'manager' };
 * ```
 */
export type UserChanges = Partial<Pick<User, 'email' | 'firstName' | 'lastName' | 'role'>>;

/**
 * The order of a list: by creation time, newest first (`desc`, the default) or oldest first.
 *
 * @example
 * ```ts
 * await userAdmin.list({ sort: 'asc' satisfies SortDirection });
 * ```
 */
export type SortDirection = 'asc' | 'desc';

/**
 * Filters of {@link UserAdminRepository.list}.
 *
 * @example
 * ```ts
 * const query: UserListQuery = { role: 'manager', emailPrefix: 'ann', limit: 50 };
 * ```
 */
export interface UserListQuery extends PageRequest {
  /** Only users of this role. */
  role?: Role;
  /** Only users whose email starts with this (normalized, lower-case) text. */
  emailPrefix?: string;
  /** Default `desc` (newest first); ties by id in the same direction. */
  sort?: SortDirection;
}

/**
 * Options of {@link UserAdminRepository.scan}.
 *
 * @example
 * ```ts
 * for await (const batch of userAdmin.scan({ batchSize: 1000 } satisfies UserScanOptions)) write(batch);
 * ```
 */
export interface UserScanOptions {
  /** Rows per batch, 1–1000. Default 500. */
  batchSize?: number;
  /** Only users of this role. */
  role?: Role;
}

/**
 * What user administration needs beyond {@link UserRepository}: versioned reads, lists, updates
 * and deletes, and a batched scan for exports. A stale `expectedVersion` is a `conflict`
 * `TrussError`, never a silent overwrite.
 *
 * @example
 * ```ts
 * const alice = await userAdmin.findRecord(id);
 * if (alice) await userAdmin.update(alice.id, { firstName: 'Alice' }, alice.version);
 * ```
 */
export interface UserAdminRepository {
  /** The user with its version, or `null` (also for an id that is not a UUID). */
  findRecord(id: string): Promise<UserRecord | null>;
  /** A page of users ordered by creation time (ties by id), filtered. */
  list(query?: UserListQuery): Promise<Page<UserRecord>>;
  /**
   * Applies `changes` when the stored version is `expectedVersion`; returns the new record.
   * `not_found` when there is no such user, `conflict` when the version is stale or the new email is
   * taken.
   */
  update(id: string, changes: UserChanges, expectedVersion: number): Promise<UserRecord>;
  /**
   * Deletes the user (its refresh tokens go with it). Answers `false` when there was none;
   * `conflict` while the user still has orders.
   */
  delete(id: string): Promise<boolean>;
  /**
   * The ids of every Admin, each row locked until the transaction ends (`SELECT … FOR UPDATE` on
   * PostgreSQL and MySQL/MariaDB; SQLite runs one writer at a time). Call it in a unit of work
   * before taking the Admin role away, so two Admins demoting each other one after the other see
   * the first change: the last Admin is never removed.
   */
  lockAdmins(): Promise<string[]>;
  /**
   * Every user, newest first, in batches read one at a time with a keyset cursor: memory holds
   * one batch, whatever the table's size.
   */
  scan(options?: UserScanOptions): AsyncIterable<UserRecord[]>;
}
