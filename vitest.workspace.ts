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
  'metrics',
  'openapi',
];

export default [
  ...packages.map(
    (name): TestProjectInlineConfiguration => ({
      extends: true,
      test: { name, root: `packages/${name}`, include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
    }),
  ),
  ...['reference-server', 'minimal-server'].map(
    (name): TestProjectInlineConfiguration => ({
      extends: true,
      test: { name, root: `examples/${name}`, include: ['test/**/*.test.ts'] },
    }),
  ),
] satisfies TestProjectInlineConfiguration[];
