import { toTrussError } from '../errors.js';
import type { Executor, MaybePromise } from './executor.js';
import type { PreparedQuery } from './prepared-query.js';

/**
 * A key lookup through {@link Executor.one}: the row as `map` makes it, or `null`. Stays
 * synchronous when the executor answers synchronously (SQLite), so the hot path pays for no extra
 * promise; driver failures come out as `TrussError`s either way.
 *
 * @example
 * ```ts
 * const byId = prepareQuery((db) => db.selectFrom('users').selectAll().where('id', '=', ''));
 * const user = await findOne(executor, byId, [id], toUser);
 * ```
 */
export function findOne<R, T>(
  executor: Executor,
  query: PreparedQuery<R>,
  parameters: readonly unknown[],
  map: (row: R) => T,
): MaybePromise<T | null> {
  let row: MaybePromise<R | null>;
  try {
    row = executor.one(query, parameters);
  } catch (error) {
    throw toTrussError(error);
  }
  if (row instanceof Promise) {
    return row.then(
      (found) => (found === null ? null : map(found)),
      (error: unknown) => {
        throw toTrussError(error);
      },
    );
  }
  return row === null ? null : map(row);
}
