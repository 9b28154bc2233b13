import { ERROR_CODES } from '@truss/core';
import { z } from 'zod';

/**
 * Path parameters of a route on one resource. Any string: an id that is not a UUID is a 404, as
 * for an id that does not exist.
 *
 * @example
 * ```ts
 * idParams.parse({ id: '0b6f…' });
 * ```
 */
export const idParams = z.strictObject({ id: z.string().min(1).max(200) });

/**
 * Page size of a list: `?limit=` 1 to 100, default 20.
 *
 * @example
 * ```ts
 * z.strictObject({ limit: limitQuery }).parse({ limit: '50' }); // { limit: 50 }
 * ```
 */
export const limitQuery = z.coerce.number().int().min(1).max(100).default(20);

/**
 * `?cursor=`: the `nextCursor` of the previous page, as it was.
 *
 * @example
 * ```ts
 * z.strictObject({ cursor: cursorQuery }).parse({ cursor: page.nextCursor });
 * ```
 */
export const cursorQuery = z.string().min(1).max(200).optional();

/**
 * `?sort=created_at` (oldest first) or `-created_at` (newest first, the default), as the sort
 * direction repositories take.
 *
 * @example
 * ```ts
 * sortQuery.parse('created_at'); // 'asc'
 * ```
 */
export const sortQuery = z
  .enum(['created_at', '-created_at'])
  .default('-created_at')
  .transform((sort) => (sort === 'created_at' ? 'asc' : 'desc'));

/**
 * A page of a list: the items, and the cursor of the next page (`null` on the last).
 *
 * @example
 * ```ts
 * const usersPage = pageOf(userView);
 * ```
 */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/**
 * The body of every error response: `{ error, message }`, plus `details` (the field issues of a
 * `validation_error`).
 *
 * @example
 * ```ts
 * errorBody.parse(await response.json()).error; // 'not_found'
 * ```
 */
export const errorBody = z.object({
  error: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]]),
  message: z.string(),
  details: z.unknown().optional(),
});

/**
 * An error response body; see {@link errorBody}.
 *
 * @example
 * ```ts
 * const failure: ErrorBody = { error: 'forbidden', message: 'Admins only' };
 * ```
 */
export type ErrorBody = z.infer<typeof errorBody>;
