import { fileURLToPath } from 'node:url';
import type { TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The one list of test projects. vitest 4 reads it through `vitest.config.ts` (`test.projects`).
 * Each package's unit tests sit beside its source; suites that need services skip (or fail under
 * `CI=true`) through `@truss/testing`'s probes.
 */
const packages = [
  'core',
  'auth',
  'rbac',
  'repos',
  'http',
  'api',
  'fastify',
  'express',
  'testing',
  'cache',
  'client',
  'create-truss',
  'mail',
  'events',
  'metrics',
  'openapi',
];

export default [
  ...packages.map(
    (name): TestProjectInlineConfiguration => ({
      extends: true,
      test: {
        name,
        root: `packages/${name}`,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        // create-truss's packed-install suite is the `consumer` project below.
        exclude: ['**/node_modules/**', 'test/consumer/**'],
      },
    }),
  ),
  ...['reference-server', 'minimal-server'].map(
    (name): TestProjectInlineConfiguration => ({
      extends: true,
      test: { name, root: `examples/${name}`, include: ['test/**/*.test.ts'] },
    }),
  ),
  // The web app in Debian's Chromium (Playwright), against the reference server.
  {
    extends: true,
    test: { name: 'web', root: 'examples/web', include: ['test/**/*.test.ts'], testTimeout: 60_000 },
  },
  // The packages as users install them (packed tarballs, npm, --engine-strict): docs/getting-started.md
  // followed as written, and npm create truss for each adapter × database.
  {
    extends: true,
    test: {
      name: 'consumer',
      root: 'packages/create-truss/test/consumer',
      include: ['**/*.test.ts'],
      globalSetup: [
        fileURLToPath(new URL('./packages/create-truss/test/consumer/global-setup.ts', import.meta.url)),
      ],
      testTimeout: 900_000,
      hookTimeout: 300_000,
      maxConcurrency: 3,
    },
  },
] satisfies TestProjectInlineConfiguration[];
