/**
 * The migration and re-encryption commands of `@truss/repos`, as functions: what the
 * `truss-migrate` and `truss-reencrypt` bins run, for
 * programs that embed it (a deploy script, an admin command). Kept off the main entry, which
 * applications load at start.
 *
 * @example
 * ```ts
 * import { runMigrateCli } from '@truss/repos/cli';
 *
 * process.exitCode = await runMigrateCli(['up'], {
 *   env: process.env,
 *   stdout: (line) => console.log(line),
 *   stderr: (line) => console.error(line),
 * });
 * ```
 *
 * @module @truss/repos/cli
 */

export type { CliIo } from './database-command.js';
export type { MigrateCliIo } from './migrate-cli.js';
export { runMigrateCli } from './migrate-cli.js';
export { runReencryptCli } from './reencrypt-cli.js';
