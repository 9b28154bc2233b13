/**
 * JSON that keeps `Date`s: a date is written as `{ "$date": "<ISO>" }` and read back as a `Date`,
 * so cached domain objects (`ProductRecord`, `UserRecord`) come back as the repository answered them.
 *
 * @example
 * ```ts
 * const copy = decodeCached(encodeCached({ createdAt: new Date() })) as { createdAt: Date };
 * ```
 */
export function encodeCached(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, converted) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : converted;
  });
}

/**
 * Reads what {@link encodeCached} wrote.
 *
 * @example
 * ```ts
 * decodeCached('{"at":{"$date":"2030-01-01T00:00:00.000Z"}}'); // { at: Date }
 * ```
 */
export function decodeCached(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && '$date' in value) {
      const date = (value as { $date: unknown }).$date;
      if (typeof date === 'string' && Object.keys(value).length === 1) return new Date(date);
    }
    return value;
  });
}
