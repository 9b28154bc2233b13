import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace';

export default defineConfig({
  // Workspace packages resolve to their TypeScript source: tests need no prior build.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    projects,
    globalSetup: ['./packages/testing/src/global-setup.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ['**/*.test-d.ts'] },
  },
});
