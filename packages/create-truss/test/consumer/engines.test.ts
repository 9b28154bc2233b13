// `engines` says what is tested: every published package claims the Node versions CI runs its
// tests on, and on each of them npm installs every package with --engine-strict (so every package
// of the tree, Truss's own dependencies included, declares that Node too).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { isSupportedNode } from '../../src/run-create.js';
import { SUPPORTED_NODE } from '../../src/versions.js';
import { prebuildEnv } from './prebuilds.js';
import { mustRun, userEnv } from './processes.js';
import { ROOT, workspacePackages } from './workspace-packages.js';

describe('the Node versions Truss claims', () => {
  it('are the same for every published package', () => {
    const claims = workspacePackages().map((pkg) => {
      const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8'));
      return [pkg.name, manifest.engines?.node];
    });
    expect(claims).toEqual(claims.map(([name]) => [name, SUPPORTED_NODE]));
  });

  it('are the ones CI runs the tests on, besides the machine’s own', () => {
    const claimed = [...SUPPORTED_NODE.matchAll(/\^(\d+)\./g)].map((m) => Number(m[1]));
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    const matrix = /node scripts\/test-node\.mjs ([\d ]+)/.exec(ci)?.[1]?.trim().split(' ').map(Number);
    expect(matrix).toEqual(claimed);
  });

  if (isSupportedNode(process.versions.node)) {
    it(`install with npm --engine-strict on Node ${process.versions.node}: every package, with its peers`, async () => {
      const { tarballs, prebuilds } = inject('consumer');
      const project = await mkdtemp(join(tmpdir(), 'truss-engines-'));
      try {
        await writeFile(join(project, 'package.json'), '{ "name": "all-of-truss", "private": true }\n');
        const env = userEnv({ ...prebuildEnv(prebuilds), npm_config_engine_strict: 'true' });
        const optionalPeers = ['better-sqlite3@12', 'pg', 'mysql2'];
        await mustRun('npm', ['install', ...Object.values(tarballs), ...optionalPeers], {
          cwd: project,
          env,
          timeoutMs: 600_000,
        });
      } finally {
        await rm(project, { recursive: true, force: true });
      }
    });
  }
});
