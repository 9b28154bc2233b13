import type { TestProject } from 'vitest/node';
import { isCi } from './ci.js';
import { probeService, SERVICES, type ServiceName, serviceUrl } from './services.js';

/**
 * Vitest global setup: probes every service once per run and hands the result to the tests
 * (`describeWithServices`). Prints plainly which services are down and so which suites will skip.
 * With `CI` set (any non-empty value), a service that is down fails the run: CI never skips.
 */
export async function setup(project: TestProject): Promise<void> {
  // Every test project runs this setup; probe and report once per process.
  const memo = globalThis as { trussServiceProbe?: Promise<Array<readonly [ServiceName, string | null]>> };
  const first = memo.trussServiceProbe === undefined;
  memo.trussServiceProbe ??= Promise.all(
    SERVICES.map(async (name) => [name, await probeService(name)] as const),
  );
  const results = await memo.trussServiceProbe;
  project.provide('trussServices', Object.fromEntries(results) as Record<ServiceName, string | null>);
  const down = results.filter(([, why]) => why !== null);
  if (down.length === 0 || !first) return;
  const lines = down.map(([name, why]) => `  - ${name} (${serviceUrl(name)}): ${why}`).join('\n');
  if (isCi()) {
    throw new Error(
      `CI is set (CI=${process.env.CI}) and these services are down, so their suites cannot run:\n${lines}`,
    );
  }
  process.stdout.write(`\nServices unavailable — the suites that need them will be SKIPPED:\n${lines}\n\n`);
}
