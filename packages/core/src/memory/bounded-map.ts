/**
 * A map with expiry, bounded to `maxKeys` entries (the least recently written go first). Shared by
 * the memory stores; not exported from the package.
 */
export class BoundedMap<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #maxKeys: number;
  readonly #onDrop: ((value: V) => void) | undefined;

  constructor(maxKeys: number, onDrop?: (value: V) => void) {
    this.#maxKeys = maxKeys;
    this.#onDrop = onDrop;
  }

  get(key: string, now: number): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.#entries.delete(key);
      this.#onDrop?.(entry.value);
      return undefined;
    }
    return entry.value;
  }

  /** Milliseconds `key` has left, or 0 when absent. */
  ttl(key: string, now: number): number {
    const entry = this.#entries.get(key);
    return entry && entry.expiresAt > now ? entry.expiresAt - now : 0;
  }

  set(key: string, value: V, expiresAt: number): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxKeys) {
      const [oldest, entry] = this.#entries.entries().next().value as [string, { value: V }];
      this.#entries.delete(oldest);
      this.#onDrop?.(entry.value);
    }
    this.#entries.set(key, { value, expiresAt });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
