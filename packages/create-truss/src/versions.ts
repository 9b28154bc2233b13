import { readFileSync } from 'node:fs';

/**
 * The Node.js versions Truss is tested on and claims (`engines`): the LTS lines 22 (from 22.12,
 * where `require` loads ES modules) and 24.
 *
 * @example
 * ```ts
 * SUPPORTED_NODE; // '^22.12.0 || ^24.0.0'
 * ```
 */
export const SUPPORTED_NODE = '^22.12.0 || ^24.0.0';

/**
 * Version ranges a generated `package.json` pins, by package name.
 *
 * @example
 * ```ts
 * const versions: Versions = { '@truss/api': '^0.4.0', fastify: '^5.12.8' };
 * ```
 */
export type Versions = Readonly<Record<string, string>>;

/**
 * The third-party packages a generated project may use, at the ranges the Truss packages are tested
 * with (this repository's own dependencies).
 *
 * @example
 * ```ts
 * THIRD_PARTY_VERSIONS.fastify; // '^5.12.8'
 * ```
 */
export const THIRD_PARTY_VERSIONS: Versions = Object.freeze({
  fastify: '^5.12.8',
  express: '^5.3.0',
  '@types/express': '^5.0.4',
  'better-sqlite3': '^12.6.2',
  pg: '^8.23.1',
  mysql2: '^3.24.6',
  pino: '^10.4.0',
  zod: '^4.6.7',
  typescript: '^6.0.3',
  '@types/node': '^22.12.0',
  vitest: '^4.1.12',
});

function readJson(url: URL): { version: string; devDependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(url, 'utf8'));
}

/**
 * The `@truss/*` versions this release of create-truss scaffolds: the ones it was published with.
 * They are listed as its devDependencies with the `workspace:^` protocol, which `pnpm pack` and
 * `pnpm publish` replace by `^<version>` of each package; run from the repository (before packing),
 * the protocol is resolved here the same way, from the sibling package's `package.json`.
 *
 * @example
 * ```ts
 * trussVersions()['@truss/api']; // '^0.4.0'
 * ```
 */
export function trussVersions(packageJson: URL = new URL('../package.json', import.meta.url)): Versions {
  const own = readJson(packageJson);
  const versions: Record<string, string> = {};
  for (const [name, range] of Object.entries(own.devDependencies ?? {})) {
    if (!name.startsWith('@truss/')) continue;
    if (!range.startsWith('workspace:')) {
      versions[name] = range;
      continue;
    }
    const sibling = readJson(new URL(`../${name.slice('@truss/'.length)}/package.json`, packageJson));
    const prefix = range.slice('workspace:'.length);
    versions[name] = prefix === '*' ? sibling.version : `${prefix}${sibling.version}`;
  }
  return Object.freeze(versions);
}
