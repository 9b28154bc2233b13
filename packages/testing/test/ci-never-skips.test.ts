import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The summary reporter of `npm test`, on a tiny project of its own with one skipped test: under CI
// the run fails (an added `.skip` cannot pass CI unnoticed); without CI it passes and says so.
describe('the test summary under CI', () => {
  let dir: string;
  const reporter = fileURLToPath(new URL('../../../scripts/summary-reporter.ts', import.meta.url));
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'truss-ci-'));
    await writeFile(
      join(dir, 'vitest.config.mjs'),
      `export default { test: { include: ['*.test.mjs'], reporters: [${JSON.stringify(reporter)}] } };\n`,
    );
    await writeFile(
      join(dir, 'one.test.mjs'),
      "import { it } from 'vitest';\nit('runs', () => {});\nit.skip('was skipped', () => {});\n",
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = (ci: string | undefined) => {
    const env = { ...process.env };
    delete env.CI;
    if (ci !== undefined) env.CI = ci;
    return spawnSync('npx', ['vitest', 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs')], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
  };

  it('fails a run that skipped a test when CI has any value', () => {
    const result = run('1');
    expect(result.stdout).toContain('CI is set and 1 test(s) did not run');
    expect(result.stdout).toContain('was skipped');
    expect(result.status).not.toBe(0);
  });

  it('passes the same run outside CI, naming the count', () => {
    const result = run(undefined);
    expect(result.stdout).toContain('Tests: 1 passed, 0 failed, 1 skipped');
    expect(result.status).toBe(0);
  });
});
