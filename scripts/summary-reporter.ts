import type { SerializedError } from 'vitest';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { isCi } from '../packages/testing/src/ci.ts';

/** The suite `describeWithServices` skipped (its name carries the reason), if `test` is in one. */
function skippedServiceSuite(test: TestCase): string | null {
  let found: string | null = null;
  for (let node = test.parent; node.type === 'suite'; node = node.parent) {
    if (node.name.includes('[skipped')) found = node.fullName;
  }
  return found;
}

/**
 * Prints one closing line `Tests: N passed, N failed, N skipped` (the plain form any CI reads) and
 * names the suites that were skipped, so a skip is never silent.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const skippedSuites = new Set<string>();
    const skippedTests: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else {
          skipped++;
          skippedTests.push(`${test.project.name}: ${test.fullName}`);
          const suite = skippedServiceSuite(test);
          if (suite) skippedSuites.add(`${test.project.name}: ${suite}`);
        }
      }
      if (module.state() === 'failed' && module.children.size === 0) failed++;
    }
    // Errors outside any test (type errors, crashed workers) fail the run: count each as a failure.
    failed += unhandledErrors.length;
    const out = process.stdout;
    if (skippedSuites.size > 0) {
      out.write(`\nSkipped suites (their services are unavailable):\n`);
      for (const suite of skippedSuites) out.write(`  - ${suite}\n`);
    }
    if (isCi() && skipped > 0) {
      // Under CI every service is up, so nothing may be skipped: an added `.skip` or `.todo` fails.
      out.write(`\nCI is set and ${skipped} test(s) did not run — CI never skips:\n`);
      for (const name of skippedTests.slice(0, 50)) out.write(`  - ${name}\n`);
      failed += skipped;
      process.exitCode = 1;
    }
    out.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
