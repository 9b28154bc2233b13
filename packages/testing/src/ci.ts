/**
 * Whether this run is CI: `CI` set to any non-empty value (`true`, `1`, `yes`, …). Under CI a
 * missing service fails the run and no test may be skipped.
 *
 * @example
 * ```ts
 * if (isCi()) throw new Error('PostgreSQL is down');
 * ```
 */
export function isCi(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return (env.CI ?? '').trim() !== '';
}
