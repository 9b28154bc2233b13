import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** A publishable package of `packages/`. */
export interface WorkspacePackage {
  name: string;
  version: string;
  dir: string;
}

/** Every package under `packages/` that is published (not `private`). */
export function workspacePackages(): WorkspacePackage[] {
  return readdirSync(join(ROOT, 'packages'))
    .map((dir) => join(ROOT, 'packages', dir))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir }));
}

function mtimes(path: string, out: number[] = []): number[] {
  if (!existsSync(path)) return out;
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    out.push(stat.mtimeMs);
    return out;
  }
  for (const entry of readdirSync(path)) mtimes(join(path, entry), out);
  return out;
}

/**
 * The packages whose `dist` is missing or older than one of their build inputs (source, manifest,
 * build and TypeScript configs, the shared ones included).
 */
export function stalePackages(packages: readonly WorkspacePackage[]): WorkspacePackage[] {
  const shared = ['tsup.base.ts', 'tsconfig.base.json'].flatMap((file) => mtimes(join(ROOT, file)));
  return packages.filter((pkg) => {
    const built = mtimes(join(pkg.dir, 'dist'));
    if (built.length === 0) return true;
    const inputs = ['src', 'package.json', 'tsup.config.ts', 'tsconfig.json'].flatMap((p) =>
      mtimes(join(pkg.dir, p)),
    );
    return Math.max(...inputs, ...shared) > Math.min(...built);
  });
}

function pnpm(args: readonly string[]): void {
  const result = spawnSync('npx', ['-y', 'pnpm@12.4.2', ...args], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`pnpm ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/** Builds the given packages (`tsup`). */
export function buildPackages(packages: readonly WorkspacePackage[]): void {
  if (packages.length === 0) return;
  pnpm([...packages.flatMap((pkg) => ['--filter', pkg.name]), 'run', 'build']);
}

/**
 * Packs every published package into `destination` as `pnpm publish` would (`workspace:` ranges
 * become the packages' versions); answers the tarball of each package by name.
 */
export function packPackages(
  packages: readonly WorkspacePackage[],
  destination: string,
): Record<string, string> {
  pnpm(['-r', '--filter', './packages/*', 'pack', '--pack-destination', destination]);
  const tarballs: Record<string, string> = {};
  for (const pkg of packages) {
    const file = join(destination, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
    if (!existsSync(file)) throw new Error(`pnpm pack wrote no ${file}`);
    tarballs[pkg.name] = file;
  }
  return tarballs;
}
