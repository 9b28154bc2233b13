/**
 * The HTTP frameworks a project can be served on.
 *
 * @example
 * ```ts
 * ADAPTERS.includes('express'); // true
 * ```
 */
export const ADAPTERS = ['fastify', 'express'] as const;

/** One of {@link ADAPTERS}. */
export type Adapter = (typeof ADAPTERS)[number];

/**
 * The databases a project can store its data in. `mysql` is MySQL or MariaDB.
 *
 * @example
 * ```ts
 * DATABASES[0]; // 'sqlite', the default: a file, no server
 * ```
 */
export const DATABASES = ['sqlite', 'postgres', 'mysql'] as const;

/** One of {@link DATABASES}. */
export type Database = (typeof DATABASES)[number];

/**
 * The route sets of `@truss/api` a project may add. Auth (register, login, refresh, logout) and the
 * user routes (`/users/me`, user administration) are always there.
 *
 * @example
 * ```ts
 * const routes: RouteSet[] = ['products', 'orders'];
 * ```
 */
export const ROUTE_SETS = ['products', 'orders', 'exports'] as const;

/** One of {@link ROUTE_SETS}. */
export type RouteSet = (typeof ROUTE_SETS)[number];

/**
 * Everything {@link createProject} needs to know.
 *
 * @example
 * ```ts
 * const options: ProjectOptions = {
 *   directory: 'my-api',
 *   name: 'my-api',
 *   adapter: 'fastify',
 *   database: 'sqlite',
 *   routes: [],
 * };
 * ```
 */
export interface ProjectOptions {
  /** Where to write the project: a folder that does not exist or is empty. */
  directory: string;
  /** The npm package name (`package.json` `name`), also the JWT issuer and audience. */
  name: string;
  adapter: Adapter;
  database: Database;
  /** Route sets besides auth and users; `orders` brings `products` with it. */
  routes: readonly RouteSet[];
}

/**
 * What a project gets when a question is not asked (`--yes`, or Enter at a prompt).
 *
 * @example
 * ```ts
 * DEFAULTS.adapter; // 'fastify'
 * ```
 */
export const DEFAULTS = Object.freeze({
  directory: 'truss-app',
  adapter: 'fastify' as Adapter,
  database: 'sqlite' as Database,
  routes: [] as readonly RouteSet[],
});

const NPM_NAME = /^[a-z0-9][a-z0-9._~-]*$/;

/**
 * Why `name` cannot be a package name, or `null` when it can (lower case, URL-safe, at most 214
 * characters, not starting with `.` or `_`).
 *
 * @example
 * ```ts
 * packageNameProblem('My App'); // 'use lower-case letters, digits, "-", "_", "." and "~" only…'
 * ```
 */
export function packageNameProblem(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  if (name.length > 214) return 'it is longer than 214 characters';
  if (!NPM_NAME.test(name)) {
    return 'use lower-case letters, digits, "-", "_", "." and "~" only, starting with a letter or digit';
  }
  return null;
}

/**
 * The route sets to generate, in a fixed order, with what they need: `orders` sells products, so it
 * brings `products`.
 *
 * @example
 * ```ts
 * withRequiredRouteSets(['orders']); // ['products', 'orders']
 * ```
 */
export function withRequiredRouteSets(routes: readonly RouteSet[]): RouteSet[] {
  const chosen = new Set(routes);
  if (chosen.has('orders')) chosen.add('products');
  return ROUTE_SETS.filter((set) => chosen.has(set));
}
