import { parseInput, TrussError } from '@truss/core';
import type { Updateable } from 'kysely';
import { z } from 'zod';
import { isUuid } from './dialect.js';
import { type DatabaseErrorMessages, withDatabaseErrors } from './errors.js';
import type { Executor } from './executor/executor.js';
import type { OrdersTable, ProductsTable, UsersTable } from './schema.js';

/**
 * A version a caller read and expects: an integer from 1.
 *
 * @example
 * ```ts
 * const version = parseInput(versionSchema, expectedVersion, 'version');
 * ```
 */
export const versionSchema = z.number().int().min(1);

/**
 * A change of a versioned table: the columns to set (besides `version`, which goes up by one).
 *
 * @example
 * ```ts
 * const change: VersionedChange = { table: 'products', set: { price: '21.00', updated_at: now } };
 * ```
 */
export type VersionedChange =
  | { table: 'products'; set: Updateable<ProductsTable> }
  | { table: 'orders'; set: Updateable<OrdersTable> }
  | { table: 'users'; set: Updateable<UsersTable> };

/**
 * What {@link updateAtVersion} changes, and how it reads the result.
 *
 * @example
 * ```ts
 * const update: VersionedUpdate<ProductRecord> = {
 *   entity: 'Product', id, expectedVersion: 3,
 *   change: { table: 'products', set: { name: 'Pen' } },
 *   read: (key) => findProduct(executor, key),
 * };
 * ```
 */
export interface VersionedUpdate<T> {
  /** What the record is called in messages: `'Product'` gives "Product not found". */
  entity: string;
  /** The record's id as the caller gave it (not a UUID: `not_found`). */
  id: string;
  /** The version the caller read. */
  expectedVersion: number;
  change: VersionedChange;
  /** Reads the record by its lower-case id, on the same executor (the primary). */
  read: (id: string) => Promise<T | null>;
  /** Messages for the update's own failures (a unique violation, …). */
  errors?: DatabaseErrorMessages;
}

/**
 * The error of a versioned write that touched no row: `not_found` when the record is gone, else a
 * `conflict` whose `details.current_version` is the version now stored.
 *
 * @example
 * ```ts
 * if (result.numDeletedRows === 0n) throw versionMiss('Product', version, await find(key));
 * ```
 */
export function versionMiss(
  entity: string,
  expectedVersion: number,
  current: { version: number } | null,
): TrussError {
  if (!current) return new TrussError('not_found', `${entity} not found`);
  return new TrussError(
    'conflict',
    `${entity} was changed by someone else: version ${expectedVersion} is stale (now ${current.version})`,
    { details: { current_version: current.version } },
  );
}

/**
 * Optimistic concurrency in one statement: `UPDATE … SET …, version = version + 1 WHERE id = ? AND
 * version = ?`, then the record read back. Answers the updated record; throws a `validation_error`
 * for a version that is not an integer from 1, `not_found` for a record that does not exist (or an
 * id that is not a UUID), and a `conflict` with `details.current_version` for a stale version.
 *
 * @example
 * ```ts
 * const updated = await updateAtVersion(executor, {
 *   entity: 'Order', id, expectedVersion,
 *   change: { table: 'orders', set: { status: 'paid', updated_at: toDbDate(executor.dialect, new Date()) } },
 *   read: (key) => findOrder(executor, key),
 * });
 * ```
 */
export async function updateAtVersion<T extends { version: number }>(
  executor: Executor,
  update: VersionedUpdate<T>,
): Promise<T> {
  const version = parseInput(versionSchema, update.expectedVersion, 'version');
  if (!isUuid(update.id)) throw versionMiss(update.entity, version, null);
  const key = update.id.toLowerCase();
  // One statement for every versioned table: the union is narrowed to one member for kysely's types.
  const { table, set } = update.change as { table: 'products'; set: Updateable<ProductsTable> };
  const result = await withDatabaseErrors(
    () =>
      executor.db
        .updateTable(table)
        .set(set)
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', key)
        .where('version', '=', version)
        .executeTakeFirst(),
    update.errors,
  );
  const current = await update.read(key);
  if (!current || result.numUpdatedRows === 0n) throw versionMiss(update.entity, version, current);
  return current;
}
