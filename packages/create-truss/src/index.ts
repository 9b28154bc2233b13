/**
 * `npm create truss@latest`: writes a new Truss server project — Fastify or Express; SQLite,
 * PostgreSQL or MySQL/MariaDB; the route sets of `@truss/api` you pick — that starts with
 * `npm start` and has a passing test. This entry is the same as a library, for tools and tests.
 *
 * @example
 * ```ts
 * import { createProject } from 'create-truss';
 *
 * await createProject({ directory: 'my-api', name: 'my-api', adapter: 'fastify', database: 'sqlite', routes: [] });
 * ```
 *
 * @module create-truss
 */

export type { CreateArgs } from './args.js';
export { parseCreateArgs, parseRouteSets, USAGE, UsageError } from './args.js';
export { createProject } from './create-project.js';
export type { Adapter, Database, ProjectOptions, RouteSet } from './options.js';
export {
  ADAPTERS,
  DATABASES,
  DEFAULTS,
  packageNameProblem,
  ROUTE_SETS,
  withRequiredRouteSets,
} from './options.js';
export { projectFiles } from './project-files.js';
export type { PromptIO } from './prompts.js';
export { completeOptions } from './prompts.js';
export { isSupportedNode, runCreate } from './run-create.js';
export { DRIVERS } from './templates/package-json.js';
export type { Versions } from './versions.js';
export { SUPPORTED_NODE, THIRD_PARTY_VERSIONS, trussVersions } from './versions.js';
