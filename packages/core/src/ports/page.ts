/**
 * What a list method takes: how many items, and where to continue. Lists are ordered stably (ties
 * broken by id), so walking the cursors visits every item once even while rows are added.
 */
export interface PageRequest {
  /** Largest number of items to return: 1 to 100. Default 20. */
  limit?: number;
  /** The `nextCursor` of the previous page; absent (or `null`) for the first page. Opaque. */
  cursor?: string | null;
}

/** One page of a list, and the cursor of the next page (`null` on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
