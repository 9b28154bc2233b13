import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { isSupportedNode } from '../../src/run-create.js';
import { keepPrebuild, workspaceBetterSqlite3 } from './prebuilds.js';
import { buildPackages, packPackages, ROOT, stalePackages, workspacePackages } from './workspace-packages.js';

/** What the consumer suites share: the packed packages and the prebuilt-binary folder. */
export interface ConsumerContext {
  /** Tarball path of every published package, by name (`@truss/api`, `create-truss`). */
  tarballs: Record<string, string>;
  /** Version of every published package, by name. */
  versions: Record<string, string>;
  /** The local prebuilds folder for better-sqlite3 (see prebuilds.ts). */
  prebuilds: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    consumer: ConsumerContext;
  }
}

/**
 * Once per run: builds the packages whose `dist` is older than their source, packs every published
 * package as `pnpm publish` would, and keeps this workspace's better-sqlite3 binary as a prebuild.
 */
export function setup(project: TestProject): () => void {
  const packages = workspacePackages();
  // On a Node Truss does not claim, the suites check only that npm refuses the packages (it does so
  // before it looks inside them) and what create-truss says: only create-truss must be built.
  const needed = isSupportedNode(process.versions.node)
    ? packages
    : packages.filter((pkg) => pkg.name === 'create-truss');
  const stale = stalePackages(needed);
  if (stale.length > 0) {
    process.stdout.write(`consumer: building ${stale.map((pkg) => pkg.name).join(', ')}\n`);
    buildPackages(stale);
  }
  const destination = mkdtempSync(join(tmpdir(), 'truss-packed-'));
  const prebuilds = join(ROOT, 'node_modules', '.cache', 'truss-consumer', 'prebuilds');
  keepPrebuild(workspaceBetterSqlite3(), prebuilds);
  project.provide('consumer', {
    tarballs: packPackages(packages, destination),
    versions: Object.fromEntries(packages.map((pkg) => [pkg.name, pkg.version])),
    prebuilds,
  });
  return () => rmSync(destination, { recursive: true, force: true });
}
