/** A query object without a prototype: every key, `__proto__` included, is an own data property. */
type SafeQuery = Record<string, unknown>;

function copy(value: unknown, depth: number): unknown {
  if (Array.isArray(value)) return value.map((item) => copy(item, depth + 1));
  if (typeof value !== 'object' || value === null || depth > 20) return value;
  return toSafeQuery(value as Record<string, unknown>, depth + 1);
}

/**
 * A copy of a parsed query string as objects without a prototype (nested objects of an extended
 * parser too). With no prototype, `?__proto__=a&__proto__=b` is a key like any other rather than a
 * new prototype, and `?constructor=x` is the only way `query.constructor` is defined: a schema key
 * or a handler can never read an inherited member of `Object.prototype`.
 *
 * @example
 * ```ts
 * const query = toSafeQuery({ tag: 'a' });
 * Object.getPrototypeOf(query); // null
 * ```
 */
export function toSafeQuery(query: Readonly<Record<string, unknown>>, depth = 0): SafeQuery {
  const safe: SafeQuery = Object.create(null);
  // Object.keys sees own keys only; assigning to a prototype-less object defines own properties,
  // `__proto__` included.
  for (const key of Object.keys(query)) safe[key] = copy(query[key], depth);
  return safe;
}

/**
 * The query of a URL as the kernel wants it: one string per key, an array for a repeated key, in an
 * object without a prototype (see {@link toSafeQuery}).
 *
 * @example
 * ```ts
 * queryOf(new URL('http://x/?tag=a&tag=b').searchParams); // { tag: ['a', 'b'] }
 * ```
 */
export function queryOf(params: URLSearchParams): SafeQuery {
  const query: SafeQuery = Object.create(null);
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  return query;
}
