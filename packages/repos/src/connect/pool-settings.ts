/** Connection settings shared by the server dialects. */
export interface PoolSettings {
  /** Largest number of open connections. */
  readonly poolSize: number;
  /** How long to wait for a connection to open, in ms. */
  readonly connectTimeoutMs: number;
}
