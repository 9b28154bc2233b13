import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ROOT } from './workspace-packages.js';

// better-sqlite3 installs with `prebuild-install || node-gyp rebuild`: users get a prebuilt binary
// downloaded from GitHub, which this machine cannot reach, so every install here would compile it
// (~90 s). prebuild-install also looks in a local folder first (the documented
// `<package>_local_prebuilds` setting): the tests keep the binaries they already have there, named
// as GitHub's, so an install takes the path a user's takes, in seconds. A binary that does not load
// on this Node is refused by prebuild-install, which then compiles as it would anyway.

/** The file name prebuild-install looks for: better-sqlite3's version, this Node's ABI and platform. */
export function prebuildName(version: string): string {
  return `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
}

/**
 * Keeps the compiled binary of the better-sqlite3 installed at `packageDir` in `prebuilds` (once per
 * version and ABI). Answers whether the folder now has one for that version.
 */
export function keepPrebuild(packageDir: string, prebuilds: string): boolean {
  const binary = join(packageDir, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binary)) return false;
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const target = join(prebuilds, prebuildName(version));
  if (existsSync(target)) return true;
  mkdirSync(prebuilds, { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  const tar = spawnSync('tar', ['-czf', temporary, '-C', packageDir, 'build/Release/better_sqlite3.node']);
  if (tar.status !== 0) return false;
  renameSync(temporary, target);
  return true;
}

/** The better-sqlite3 this workspace installed (for this Node), as the first prebuild. */
export function workspaceBetterSqlite3(): string {
  const require = createRequire(join(ROOT, 'packages', 'repos', 'package.json'));
  return dirname(require.resolve('better-sqlite3/package.json'));
}

/** The environment setting that points prebuild-install at `prebuilds`. */
export function prebuildEnv(prebuilds: string): Record<string, string> {
  return { npm_config_better_sqlite3_local_prebuilds: prebuilds };
}
